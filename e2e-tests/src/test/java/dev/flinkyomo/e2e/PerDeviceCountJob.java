package dev.flinkyomo.e2e;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job of {@link ListenersOnTwoTaskManagersITCase}: a wildcard listener whose subtask i binds
 * {@code port + i}, each frame tagged (in a step chained to the source, so in its task) with the
 * source subtask that received it and that TaskManager's pid, then keyed by the device's client
 * name into state counting its frames ({@code yomo-peer source} payloads {@code frame-<i>}). For
 * each device the TaskManager (re)writes the file {@code <out>/<client name>}: {@code frames=<all>
 * distinct=<distinct numbers> subtasks=[<receiving subtasks>] pids=[<their TaskManagers' pids>]}.
 * Its classes travel to the cluster in a jar of their own, next to the zipper-bridge job jar that
 * carries the connector.
 */
public final class PerDeviceCountJob {

    static final String SOURCE_NAME = "yomo-per-subtask-listener";
    static final String LISTENER_NAME = "e2e-two-tms";

    private PerDeviceCountJob() {}

    /** The classes the cluster needs from this test module. */
    static Class<?>[] classes() {
        return new Class<?>[] {
            PerDeviceCountJob.class, WhereReceived.class, ByDevice.class, CountPerDevice.class
        };
    }

    static void define(StreamExecutionEnvironment env, int port, int parallelism, Path out) {
        env.fromSource(
                        YomoSource.listener()
                                .setDeserializer(YomoDeserializationSchema.records())
                                .setListenerName(LISTENER_NAME)
                                .setHost("0.0.0.0")
                                .setPort(port)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        SOURCE_NAME)
                .setParallelism(parallelism)
                .map(new WhereReceived())
                .setParallelism(parallelism)
                .name("where-received")
                .keyBy(new ByDevice())
                .process(new CountPerDevice(out.toString()))
                .name("count-per-device")
                .sinkTo(new DiscardingSink<>());
    }

    /** A device's counts as the TaskManager wrote them. */
    record Counts(long frames, int distinct, String subtasks, String pids) {
        private static final Pattern LINE =
                Pattern.compile(
                        "frames=(\\d+) distinct=(\\d+) subtasks=(\\[[\\d, ]*]) pids=(\\[[\\d, ]*])");

        /** The counts of {@code device}, or null before its first frame was counted. */
        static Counts read(Path out, String device) throws IOException {
            Path f = out.resolve(device);
            if (!Files.exists(f)) {
                return null;
            }
            String line = Files.readString(f);
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException("not counts: " + line);
            }
            return new Counts(
                    Long.parseLong(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    m.group(3),
                    m.group(4));
        }
    }

    /**
     * {@code <client>\t<subtask>\t<pid>\t<payload>}; chained to the source, so its subtask index
     * and process are the source subtask's.
     */
    public static final class WhereReceived extends RichMapFunction<YomoRecord, String> {
        private transient int subtask;
        private transient long pid;

        @Override
        public void open(OpenContext context) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            pid = ProcessHandle.current().pid();
        }

        @Override
        public String map(YomoRecord r) {
            return r.getClientName()
                    + "\t"
                    + subtask
                    + "\t"
                    + pid
                    + "\t"
                    + new String(r.getPayload(), StandardCharsets.UTF_8);
        }
    }

    /** The device's client name. */
    public static final class ByDevice implements KeySelector<String, String> {
        @Override
        public String getKey(String line) {
            return line.substring(0, line.indexOf('\t'));
        }
    }

    /** Per device: all frames, the distinct frame numbers, and where they were received. */
    public static final class CountPerDevice extends KeyedProcessFunction<String, String, String> {
        private final String out;
        private transient ValueState<Long> frames;
        private transient ValueState<byte[]> seen;
        private transient ValueState<String> subtasks;
        private transient ValueState<String> pids;

        public CountPerDevice(String out) {
            this.out = out;
        }

        @Override
        public void open(OpenContext context) {
            frames = getRuntimeContext().getState(new ValueStateDescriptor<>("frames", Long.class));
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", byte[].class));
            subtasks =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("subtasks", String.class));
            pids = getRuntimeContext().getState(new ValueStateDescriptor<>("pids", String.class));
        }

        @Override
        public void processElement(String line, Context ctx, Collector<String> collector)
                throws IOException {
            String[] f = line.split("\t", 4);
            String payload = f[3];
            // "frame-<i>", padded with '.' when the source pads
            int n = Integer.parseInt(payload.substring("frame-".length()).replace(".", ""));
            long all = frames.value() == null ? 1 : frames.value() + 1;
            BitSet bits = seen.value() == null ? new BitSet() : BitSet.valueOf(seen.value());
            bits.set(n);
            String where = added(subtasks.value(), f[1]);
            String by = added(pids.value(), f[2]);
            frames.update(all);
            seen.update(bits.toByteArray());
            subtasks.update(where);
            pids.update(by);
            Path tmp = Path.of(out, ctx.getCurrentKey() + ".tmp");
            Files.writeString(
                    tmp,
                    "frames="
                            + all
                            + " distinct="
                            + bits.cardinality()
                            + " subtasks="
                            + where
                            + " pids="
                            + by,
                    StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    Path.of(out, ctx.getCurrentKey()),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }

        /** {@code set} (as {@code [a, b]}, or null) with {@code value} added, sorted. */
        private static String added(String set, String value) {
            TreeSet<Long> values = new TreeSet<>();
            if (set != null && set.length() > 2) {
                for (String v : set.substring(1, set.length() - 1).split(", ")) {
                    values.add(Long.parseLong(v));
                }
            }
            values.add(Long.parseLong(value));
            return values.toString();
        }
    }
}
