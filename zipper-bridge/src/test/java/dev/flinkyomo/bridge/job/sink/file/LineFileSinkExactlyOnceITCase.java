package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbered lines from Flink's {@code NumberSequenceSource} (which replays deterministically from a
 * checkpoint) into the file sink on a MiniCluster, through a failure injected mid-stream and
 * through a restore from a savepoint whose lines were never committed. {@link LineFileSink} ends
 * with every number once; {@link DirectLineFileSink}, the control, repeats the lines written
 * between the last checkpoint and the failure.
 */
class LineFileSinkExactlyOnceITCase {

    private static final Logger LOG = LoggerFactory.getLogger(LineFileSinkExactlyOnceITCase.class);
    private static final int PARALLELISM = 2;
    private static final long COUNT = 6_000;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    /** Numbers the pacing maps have passed on, in every attempt. */
    static final AtomicLong PASSED = new AtomicLong();

    /** The newest checkpoint any pacing map was told is complete. */
    static final AtomicLong COMPLETED_CHECKPOINT = new AtomicLong();

    static final AtomicBoolean FAILED = new AtomicBoolean();

    @TempDir Path dir;

    @BeforeEach
    void reset() {
        PASSED.set(0);
        COMPLETED_CHECKPOINT.set(0);
        FAILED.set(false);
    }

    @Test
    void everyLineOnceThroughAFailureMidStream() throws Exception {
        Path out = dir.resolve("out/numbers.txt");

        runWithFailureAfterSecondCheckpoint(new LineFileSink(out));

        assertThat(FAILED).as("the failure was injected").isTrue();
        Map<Long, Long> counts = counts(out);
        assertThat(missing(counts)).as("numbers missing").isEmpty();
        assertThat(duplicated(counts)).as("numbers written more than once").isEmpty();
        assertThat(pendingFiles(out)).isEmpty();
    }

    /** The control: the same job into the sink that appends directly, as the bridge's used to. */
    @Test
    void theDirectSinkRepeatsLinesThroughTheSameFailure() throws Exception {
        Path out = dir.resolve("out/numbers.txt");

        runWithFailureAfterSecondCheckpoint(new DirectLineFileSink(out));

        assertThat(FAILED).isTrue();
        Map<Long, Long> counts = counts(out);
        assertThat(missing(counts)).isEmpty();
        Map<Long, Long> duplicated = duplicated(counts);
        LOG.info("the direct sink wrote {} numbers more than once", duplicated.size());
        assertThat(duplicated).as("replayed lines appended again").isNotEmpty();
    }

    /**
     * A savepoint does not commit (Flink leaves an intermediate savepoint's side effects to the
     * next checkpoint), so a job cancelled right after it leaves the savepoint's lines pending: a
     * checkpoint completed, its commit never ran, as when the process dies in between. The job
     * restored from it commits them, once. (Checkpoints every hour: Flink may still take the first
     * one early, with its random initial delay, and commit it.)
     */
    @Test
    void linesOfACompletedButUncommittedSavepointAreCommittedOnceOnRestore() throws Exception {
        Path out = dir.resolve("numbers.txt");
        String savepoint = savepointMidStream(new LineFileSink(out));
        // the lines between the last checkpoint's commit and the savepoint exist only in the
        // savepoint's pending files: the source resumes after them
        assertThat((long) counts(out).size())
                .as("lines committed before the savepoint")
                .isLessThan(COUNT / 4);
        assertThat(pendingFiles(out)).as("the savepoint's pending files").isNotEmpty();

        runToTheEndFrom(savepoint, out);

        Map<Long, Long> counts = counts(out);
        assertThat(missing(counts)).isEmpty();
        assertThat(duplicated(counts)).isEmpty();
        assertThat(pendingFiles(out)).isEmpty();
    }

    /**
     * The bridge's checkpoints and savepoints from before this sink hold no state for its uid (the
     * direct sink had none) and no committer: they restore into it, which appends after what the
     * direct sink wrote, each number of its own once.
     */
    @Test
    void aSavepointOfTheStatelessDirectSinkRestoresIntoIt() throws Exception {
        Path out = dir.resolve("numbers.txt");
        String savepoint = savepointMidStream(new DirectLineFileSink(out));
        Map<Long, Long> before = counts(out);
        assertThat(before).as("the direct sink's lines").isNotEmpty();

        runToTheEndFrom(savepoint, out);

        Map<Long, Long> after = counts(out);
        assertThat(missing(after)).isEmpty();
        // the direct sink kept what it wrote after the savepoint: those numbers come twice
        assertThat(after)
                .allSatisfy(
                        (n, count) ->
                                assertThat(count)
                                        .isLessThanOrEqualTo(before.getOrDefault(n, 0L) + 1));
        assertThat(pendingFiles(out)).isEmpty();
    }

    /** Numbers into {@code sink} until a quarter have passed, a savepoint, cancelled. */
    private String savepointMidStream(Sink<String> sink) throws Exception {
        StreamExecutionEnvironment env = environment(configuration(), Duration.ofHours(1));
        numbers(env).map(new ToText()).sinkTo(sink).uid("file");
        JobClient job = env.executeAsync("before the savepoint");
        while (PASSED.get() < COUNT / 4) {
            Thread.sleep(20);
        }
        String savepoint =
                job.triggerSavepoint(
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        job.cancel().get();
        // cancelled once every task has closed, its sink included
        job.getJobExecutionResult().handle((result, cancelled) -> null).get();
        return savepoint;
    }

    private void runToTheEndFrom(String savepoint, Path out) throws Exception {
        Configuration conf = configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = environment(conf, Duration.ofHours(1));
        numbers(env).map(new ToText()).sinkTo(new LineFileSink(out)).uid("file");
        env.execute("restored from the savepoint");
    }

    private void runWithFailureAfterSecondCheckpoint(Sink<String> sink) throws Exception {
        StreamExecutionEnvironment env = environment(configuration(), Duration.ofMillis(200));
        numbers(env).map(new FailOnceAfterSecondCheckpoint()).sinkTo(sink).uid("file");
        env.execute("numbers into a file sink");
    }

    private static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return conf;
    }

    private static StreamExecutionEnvironment environment(Configuration conf, Duration interval) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(interval.toMillis());
        return env;
    }

    private static DataStream<Long> numbers(StreamExecutionEnvironment env) {
        return env.fromSequence(1, COUNT).uid("numbers").map(new Paced()).uid("paced");
    }

    static final class ToText implements MapFunction<Long, String> {
        @Override
        public String map(Long n) {
            return Long.toString(n);
        }
    }

    /**
     * About a millisecond per number, so that checkpoints complete while the numbers flow. It is
     * pacing, nothing waits on it.
     */
    static final class Paced implements MapFunction<Long, Long>, CheckpointListener {
        @Override
        public Long map(Long n) throws InterruptedException {
            Thread.sleep(1);
            PASSED.incrementAndGet();
            return n;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINT.accumulateAndGet(checkpointId, Math::max);
        }
    }

    /** Throws once, in the middle of the stream: after checkpoint 2 completed. */
    static final class FailOnceAfterSecondCheckpoint implements MapFunction<Long, String> {
        @Override
        public String map(Long n) {
            if (COMPLETED_CHECKPOINT.get() >= 2 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at " + n);
            }
            return Long.toString(n);
        }
    }

    /** How often each number is in the subtasks' files. */
    private static Map<Long, Long> counts(Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(out.getParent())) {
            files =
                    list.filter(f -> f.getFileName().toString().startsWith(out.getFileName() + "."))
                            .toList();
        }
        Map<Long, Long> counts = new TreeMap<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                counts.merge(Long.parseLong(line), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static List<Long> missing(Map<Long, Long> counts) {
        return LongStream.rangeClosed(1, COUNT)
                .filter(n -> !counts.containsKey(n))
                .boxed()
                .toList();
    }

    private static Map<Long, Long> duplicated(Map<Long, Long> counts) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<Path> pendingFiles(Path out) throws IOException {
        List<Path> all = new ArrayList<>();
        for (int i = 0; i < PARALLELISM; i++) {
            all.addAll(SubtaskFiles.pendingFiles(Path.of(out + "." + i)));
        }
        return all;
    }
}
