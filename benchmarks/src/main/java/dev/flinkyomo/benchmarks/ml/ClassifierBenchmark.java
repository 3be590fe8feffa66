package dev.flinkyomo.benchmarks.ml;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.SessionSettings;
import dev.flinkyomo.onnx.SharedModels;
import dev.flinkyomo.onnx.Tensor;
import dev.flinkyomo.onnx.TensorType;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.nn.WasiNnConfig;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The example classifier (224 x 224 RGB in, 4 classes out) in a Flink job, several ways, each
 * measured for throughput (frames/s, unpaced) and latency (p50/p99 from the frame's creation to its
 * label at the sink, paced well below capacity), with the direct ONNX Runtime call from a Java
 * {@code map} as the baseline of the same run. Every label is checked.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.ml.ClassifierBenchmark
 *   -Dclassifier.frames=2000 -Dclassifier.rate=200 -Dclassifier.rounds=3 -Dclassifier.routes=JAVA,ML_PREDICT
 * </pre>
 */
public final class ClassifierBenchmark {

    /** Ways of running the model in a job. */
    enum Route {
        /** ONNX Runtime called directly from a Java map: the baseline. */
        JAVA,
        /** ML_PREDICT with the 'onnx' provider, async (Flink's default: batches waiting rows). */
        ML_PREDICT,
        /** ML_PREDICT with MAP['async', 'false']: one row per call on the task thread. */
        ML_PREDICT_SYNC,
        /** The C classifier guest (YoMo Wasm stream function) calling the model via WASI-NN. */
        WASM_C,
        /** The Rust classifier guest, the same way. */
        WASM_RUST
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        int frames = Integer.getInteger("classifier.frames", 2000);
        int rate = Integer.getInteger("classifier.rate", 200);
        int rounds = Integer.getInteger("classifier.rounds", 3);
        List<Route> routes = new ArrayList<>();
        for (String r :
                System.getProperty(
                                "classifier.routes",
                                "JAVA,ML_PREDICT,ML_PREDICT_SYNC,WASM_C,WASM_RUST")
                        .split(",")) {
            routes.add(Route.valueOf(r.trim()));
        }
        Path model = Files.createTempFile("colour_discs", ".onnx");
        Files.write(model, ClassifierFrames.model());
        System.out.printf(
                Locale.ROOT,
                "classifier: %d frames per throughput run, latency at %d frames/s, %d rounds%n",
                frames,
                rate,
                rounds);
        // One untimed run per route: JIT, class loading, the planner's code generation.
        for (Route r : routes) {
            run(r, model, Math.min(frames, 300), 0);
        }
        double[][] tput = new double[routes.size()][rounds];
        double[][] p50 = new double[routes.size()][rounds];
        double[][] p99 = new double[routes.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < routes.size(); k++) {
                tput[k][round] = run(routes.get(k), model, frames, 0)[0];
                double[] lat = run(routes.get(k), model, Math.max(200, frames / 4), rate);
                p50[k][round] = lat[1];
                p99[k][round] = lat[2];
                System.out.printf(
                        Locale.ROOT,
                        "round %d %-16s %8.1f frames/s   p50 %6.2f ms   p99 %6.2f ms%n",
                        round + 1,
                        routes.get(k),
                        tput[k][round],
                        p50[k][round],
                        p99[k][round]);
            }
        }
        System.out.println(
                "\nmedians (ratio = baseline frames/s over route frames/s, per round then median)");
        for (int k = 0; k < routes.size(); k++) {
            double[] ratio = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratio[round] = tput[0][round] / tput[k][round];
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %8.1f frames/s  %5.2fx  p50 %6.2f ms  p99 %6.2f ms%n",
                    routes.get(k),
                    median(tput[k]),
                    median(ratio),
                    median(p50[k]),
                    median(p99[k]));
        }
        Files.deleteIfExists(model);
        System.exit(0);
    }

    /** One bounded job; returns {frames/s, p50 ms, p99 ms}. Fails if any label is wrong or lost. */
    static double[] run(Route route, Path model, int frames, int rate) throws Exception {
        LatencySink.reset(frames);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        // Flush every record: the pacing task hands each stamp on at once (the default 100 ms
        // buffer timeout would be most of the latency measured).
        env.setBufferTimeout(0);
        // Pacing in its own task: a pacer chained to the route would park the route's task thread
        // between frames, and an async route's finished results would wait in its mailbox for the
        // next frame (the first run measured ML_PREDICT async at p50 5.1 ms at 200 frames/s, one
        // frame interval, against 1.1 ms for the sync route).
        DataStream<long[]> indexes =
                env.fromSequence(0, frames - 1)
                        .map(new Paced(rate))
                        .returns(long[].class)
                        .name("Paced frames")
                        .disableChaining();
        DataStream<long[]> labelled =
                switch (route) {
                    case JAVA -> indexes.map(new DirectClassifier()).name("ONNX Runtime in a map");
                    case ML_PREDICT, ML_PREDICT_SYNC ->
                            mlPredict(env, indexes, model, rate, route == Route.ML_PREDICT_SYNC);
                    case WASM_C, WASM_RUST ->
                            wasm(indexes, rate, route == Route.WASM_C ? "c" : "rust");
                };
        labelled.sinkTo(new LatencySink());
        env.execute("classifier " + route);
        if (LatencySink.count != frames || LatencySink.wrong != 0) {
            throw new IllegalStateException(
                    route
                            + ": "
                            + LatencySink.count
                            + " of "
                            + frames
                            + " frames labelled, "
                            + LatencySink.wrong
                            + " wrong");
        }
        return new double[] {
            LatencySink.rate(), LatencySink.quantileMillis(0.5), LatencySink.quantileMillis(0.99)
        };
    }

    private static DataStream<long[]> mlPredict(
            StreamExecutionEnvironment env,
            DataStream<long[]> indexes,
            Path model,
            int rate,
            boolean sync) {
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        DataStream<Row> rows =
                indexes.map(new FrameRows())
                        .returns(
                                Types.ROW_NAMED(
                                        new String[] {"i", "stamp", "pixels"},
                                        Types.LONG,
                                        Types.LONG,
                                        Types.PRIMITIVE_ARRAY(Types.BYTE)));
        tables.createTemporaryView("frames", rows);
        tables.executeSql(
                "CREATE TEMPORARY MODEL discs INPUT (pixels BYTES) OUTPUT (k INT)"
                        + " WITH ('provider' = 'onnx', 'path' = '"
                        + model.toUri()
                        + "')");
        String config = sync ? ", MAP['async', 'false']" : "";
        return tables.toDataStream(
                        tables.sqlQuery(
                                "SELECT i, stamp, k FROM ML_PREDICT(TABLE frames, MODEL discs, DESCRIPTOR(pixels)"
                                        + config
                                        + ")"))
                .map(
                        (MapFunction<Row, long[]>)
                                r ->
                                        new long[] {
                                            r.<Long>getFieldAs("i"),
                                            r.<Long>getFieldAs("stamp"),
                                            r.<Integer>getFieldAs("k")
                                        })
                .returns(long[].class);
    }

    /** Frames as YoMo records (tag 0x40, 8-byte size header) through the guest; labels back. */
    private static DataStream<long[]> wasm(DataStream<long[]> indexes, int rate, String guest) {
        return indexes.map(new FrameRecords())
                .process(
                        WasmStreamFunctionProcessor.builder(
                                        WasmModuleSource.fromClasspath(
                                                "dev/flinkyomo/wasm/nn/guests/classifier_"
                                                        + guest
                                                        + ".wasm"))
                                .callTimeout(TIMEOUT)
                                .hostOptions(
                                        WasiNnConfig.builder()
                                                .model("colour_discs", ClassifierFrames.model())
                                                .build())
                                .build())
                .map(new GuestLabel());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Waits until frame i is due at {@code rate} frames/s (0: not paced) and stamps it. */
    static final class Pacer implements java.io.Serializable {
        private final int rate;
        private long start;

        Pacer(int rate) {
            this.rate = rate;
        }

        long stamp(long i) {
            if (rate > 0) {
                if (start == 0) {
                    start = System.nanoTime();
                }
                long due = start + i * 1_000_000_000L / rate;
                for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now);
                }
            }
            return System.nanoTime();
        }
    }

    /** Frame index i, paced, as {i, stamp}. */
    static final class Paced implements MapFunction<Long, long[]> {
        private final Pacer pacer;

        Paced(int rate) {
            pacer = new Pacer(rate);
        }

        @Override
        public long[] map(Long i) {
            return new long[] {i, pacer.stamp(i)};
        }
    }

    /** The baseline: the frame made, stamped and classified in one map, ONNX Runtime direct. */
    static final class DirectClassifier extends RichMapFunction<long[], long[]> {
        private transient LoadedModel model;
        // Reused: a direct buffer per frame is freed only by GC, and near the direct-memory limit
        // allocateDirect calls System.gc() and sleeps (the first version of this baseline did, and
        // ran at half the rate of the routes that reuse theirs).
        private transient ByteBuffer in;

        @Override
        public void open(OpenContext context) {
            model =
                    SharedModels.get()
                            .acquire("discs", ClassifierFrames.model(), SessionSettings.DEFAULT);
        }

        @Override
        public long[] map(long[] stamped) {
            long i = stamped[0];
            long stamp = stamped[1];
            byte[] px = FramePool.frame(i);
            if (in == null) {
                in = ByteBuffer.allocateDirect(px.length);
            }
            in.clear().put(px).flip();
            Tensor[] out =
                    model.run(
                            new Tensor[] {
                                new Tensor(TensorType.U8, new long[] {1, 224, 224, 3}, in)
                            },
                            TIMEOUT);
            FloatBuffer f = out[0].data().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            int best = 0;
            for (int k = 1; k < 4; k++) {
                best = f.get(k) > f.get(best) ? k : best;
            }
            return new long[] {i, stamp, best};
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** Frames as rows for the SQL routes: (i, stamp, pixels). */
    static final class FrameRows implements MapFunction<long[], Row> {
        @Override
        public Row map(long[] stamped) {
            return Row.of(stamped[0], stamped[1], FramePool.frame(stamped[0]));
        }
    }

    /** Frames as the cameras send them: tag 0x40, u32 LE width and height, then the pixels. */
    static final class FrameRecords implements MapFunction<long[], YomoRecord> {
        @Override
        public YomoRecord map(long[] stamped) {
            byte[] px = FramePool.frame(stamped[0]);
            byte[] frame =
                    ByteBuffer.allocate(8 + px.length)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(ClassifierFrames.SIZE)
                            .putInt(ClassifierFrames.SIZE)
                            .put(px)
                            .array();
            return new YomoRecord(
                    0x40,
                    frame,
                    Map.of(
                            "bench-i",
                            Long.toString(stamped[0]),
                            "bench-stamp",
                            Long.toString(stamped[1])));
        }
    }

    /** The guest's {"label":...} on tag 0x42 as {i, stamp, class index}. */
    static final class GuestLabel implements MapFunction<YomoRecord, long[]> {
        private static final List<String> LABELS = List.of("red", "green", "blue", "yellow");

        @Override
        public long[] map(YomoRecord r) {
            String json = new String(r.getPayload(), StandardCharsets.UTF_8);
            if (r.getTag() != 0x42) {
                throw new IllegalStateException("the guest refused a frame: " + json);
            }
            int at = json.indexOf("\"label\":\"") + 9;
            String label = json.substring(at, json.indexOf('"', at));
            return new long[] {
                Long.parseLong(r.metadataValue("bench-i")),
                Long.parseLong(r.metadataValue("bench-stamp")),
                LABELS.indexOf(label)
            };
        }
    }

    /** 16 frames made once per JVM, copied per use: drawing one costs more than the copy. */
    static final class FramePool {
        private static final byte[][] POOL = new byte[16][];

        static synchronized byte[] frame(long i) {
            int k = (int) (i % 16);
            if (POOL[k] == null) {
                POOL[k] = ClassifierFrames.pixels(k);
            }
            return POOL[k].clone();
        }
    }

    private ClassifierBenchmark() {}
}
