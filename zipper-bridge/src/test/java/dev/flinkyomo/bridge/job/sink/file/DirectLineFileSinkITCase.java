package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without checkpoints (the bridge's default) nothing calls a sink's flush until the job ends, which
 * an unbounded job never does: {@link DirectLineFileSink}'s timer puts lines into the file while
 * the job runs, also when too few arrive to fill its buffer.
 */
class DirectLineFileSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir Path dir;

    @Test
    void linesReachTheFileWhileAnUnboundedJobRunsWithoutCheckpoints() throws Exception {
        Path out = dir.resolve("lines.txt");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, Long.MAX_VALUE)
                .map(new Paced())
                .filter(n -> n <= 3) // then the job runs on with nothing to write
                .map(new ToText())
                .sinkTo(new DirectLineFileSink(out));
        JobClient job = env.executeAsync("three lines, then none");
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (lines(out).size() < 3 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(lines(out)).containsExactly("1", "2", "3");
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
        } finally {
            job.cancel().get();
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Keeps the source from running ahead: a millisecond per number. */
    static final class Paced implements MapFunction<Long, Long> {
        @Override
        public Long map(Long n) throws InterruptedException {
            Thread.sleep(1);
            return n;
        }
    }

    static final class ToText implements MapFunction<Long, String> {
        @Override
        public String map(Long n) {
            return Long.toString(n);
        }
    }
}
