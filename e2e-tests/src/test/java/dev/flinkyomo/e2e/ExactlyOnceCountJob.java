package dev.flinkyomo.e2e;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job of the exactly-once cluster tests: the acknowledging YoMo listener (frames carry the
 * reading number in decimal) into keyed state that records which numbers it has seen and how many
 * it saw again. Its results leave the cluster as files, written by the TaskManager from state:
 *
 * <ul>
 *   <li>{@code result}: {@code count=<distinct numbers> duplicates=<repeats>}, rewritten
 *       (atomically) once all {@code frames} numbers are in state;
 *   <li>{@code state}: the same, rewritten by a processing-time timer 1 to 2 s after frames came,
 *       complete or not (what a test that loses frames sees);
 *   <li>{@code events}: one line per (re)start of the counting task ({@code open pid=<pid>
 *       at=<epoch ms>}) and per first frame it counted after that ({@code first pid=.. n=..
 *       at=..}).
 * </ul>
 *
 * Its classes travel to the cluster in a jar of their own, next to the zipper-bridge job jar that
 * carries the connector.
 */
public final class ExactlyOnceCountJob {

    static final String SOURCE_NAME = "yomo-acks-listener";

    private ExactlyOnceCountJob() {}

    /** The classes the cluster needs from this test module. */
    static Class<?>[] classes() {
        return new Class<?>[] {
            ExactlyOnceCountJob.class,
            ParseNumber.class,
            Everything.class,
            CountEachOnce.class,
            Positive.class
        };
    }

    /** A line of the {@code events} file. */
    record Event(String kind, long pid, long number, long at) {
        private static final Pattern LINE =
                Pattern.compile("(open|first) pid=(\\d+)(?: n=(\\d+))? at=(\\d+)");

        static Event parse(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not an event: " + line);
            }
            return new Event(
                    m.group(1),
                    Long.parseLong(m.group(2)),
                    m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)));
        }
    }

    /** The events written so far. */
    static List<Event> events(Path out) throws IOException {
        Path f = out.resolve("events");
        return Files.exists(f)
                ? Files.readAllLines(f).stream().map(Event::parse).toList()
                : List.of();
    }

    /** The first frame counted by the process {@code pid}; fails when it counted none. */
    static Event firstCountedBy(List<Event> events, long pid) {
        return events.stream()
                .filter(e -> e.kind().equals("first") && e.pid() == pid)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("nothing counted by pid " + pid + ": " + events));
    }

    /** The result line once written, or {@code (no result)} after the timeout. */
    static String awaitResult(Path out, Duration timeout) throws IOException, InterruptedException {
        Path result = out.resolve("result");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(result) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (Files.exists(result)) {
            return Files.readString(result);
        }
        Path state = out.resolve("state");
        return "(no result; state "
                + (Files.exists(state) ? Files.readString(state) : "not written")
                + ")";
    }

    static void define(StreamExecutionEnvironment env, int port, int frames, Path out) {
        define(env, port, frames, out, false);
    }

    /**
     * The job; {@code upgraded} adds a stateless step after the parser (a new version of the job
     * that restores the old one's savepoint by the stateful operators' uids).
     */
    static void define(
            StreamExecutionEnvironment env, int port, int frames, Path out, boolean upgraded) {
        var numbers =
                env.fromSource(
                                YomoSource.listener()
                                        .setPayloadDeserializer(new SimpleStringSchema())
                                        .setListenerName("e2e-acks")
                                        .setHost("127.0.0.1")
                                        .setPort(port)
                                        .setAcknowledgements(AcknowledgementMode.ON_CHECKPOINT)
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                SOURCE_NAME)
                        .uid("yomo-listener")
                        .map(new ParseNumber())
                        .name("parse");
        if (upgraded) {
            numbers = numbers.filter(new Positive()).name("positive (v2)");
        }
        numbers.keyBy(new Everything())
                .process(new CountEachOnce(out.toString(), frames))
                .uid("count-each-once")
                .name("count-each-once")
                .sinkTo(new DiscardingSink<>());
    }

    /** The upgrade's extra step; every reading passes. */
    public static final class Positive implements FilterFunction<Integer> {
        @Override
        public boolean filter(Integer n) {
            return n > 0;
        }
    }

    /** The reading number of a payload. */
    public static final class ParseNumber implements MapFunction<String, Integer> {
        @Override
        public Integer map(String payload) {
            return Integer.parseInt(payload.trim());
        }
    }

    /** One key: all readings in one state. */
    public static final class Everything implements KeySelector<Integer, Integer> {
        @Override
        public Integer getKey(Integer n) {
            return 0;
        }
    }

    /** Keyed state: the numbers seen (a bit set) and how many came again. */
    public static final class CountEachOnce extends KeyedProcessFunction<Integer, Integer, String> {
        private final String out;
        private final int frames;
        private transient ValueState<byte[]> seen;
        private transient ValueState<Integer> duplicates;
        private transient boolean counted;

        public CountEachOnce(String out, int frames) {
            this.out = out;
            this.frames = frames;
        }

        @Override
        public void open(OpenContext context) throws IOException {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", byte[].class));
            duplicates =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("duplicates", Integer.class));
            event("open", "");
        }

        @Override
        public void processElement(Integer n, Context ctx, Collector<String> collector)
                throws Exception {
            if (!counted) {
                counted = true;
                event("first", " n=" + n);
            }
            BitSet bits = seen.value() == null ? new BitSet() : BitSet.valueOf(seen.value());
            int dups = duplicates.value() == null ? 0 : duplicates.value();
            if (bits.get(n)) {
                dups++;
                duplicates.update(dups);
            }
            bits.set(n);
            seen.update(bits.toByteArray());
            if (bits.cardinality() >= frames) {
                write("result", bits.cardinality(), dups);
            }
            // the state as of a second or two after the last frame, whether complete or not
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer((now / 1000 + 2) * 1000);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> collector)
                throws Exception {
            BitSet bits = seen.value() == null ? new BitSet() : BitSet.valueOf(seen.value());
            write("state", bits.cardinality(), duplicates.value() == null ? 0 : duplicates.value());
        }

        private void write(String file, int count, int dups) throws IOException {
            Path tmp = Path.of(out, file + ".tmp");
            Files.writeString(
                    tmp, "count=" + count + " duplicates=" + dups, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    Path.of(out, file),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }

        private void event(String kind, String detail) throws IOException {
            Files.writeString(
                    Path.of(out, "events"),
                    kind
                            + " pid="
                            + ProcessHandle.current().pid()
                            + detail
                            + " at="
                            + System.currentTimeMillis()
                            + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
