package dev.flinkyomo.benchmarks.wasm;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.benchmarks.harness.BenchmarkSettings;
import dev.flinkyomo.benchmarks.harness.Rates;
import dev.flinkyomo.benchmarks.harness.SharedMiniCluster;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a Wasm stage costs a job's start and every restart. Run it in a fresh JVM per module, since
 * the first load in a JVM is the one that pays:
 *
 * <ul>
 *   <li>{@code load <module>}: opening a {@link YomoStreamFunction} (parse, prepare the machine,
 *       instantiate, {@code yomo_init}), the first time in the JVM (cold) and then again (the
 *       per-digest caches hit, as for a restart, another slot or another instance in the same task
 *       manager).
 *   <li>{@code job <module>}: on one MiniCluster, the time from submitting a job (source, Wasm
 *       stage, sink) to its first record at the sink, for a Java job first (which pays Flink's own
 *       first-job costs), then the Wasm job (cold), then five more of each alternating (the Wasm
 *       ones as a restart in the same task manager finds it: caches warm).
 * </ul>
 *
 * Modules: {@code uppercase}, {@code noise} (bundled: precompiled at build time) and {@code
 * uppercase-copy}, {@code noise-copy}: the same bytes with a custom section appended, so their
 * digest differs and they take the path of any user module (compiled at run time), which is also
 * the path every module took before build-time compilation.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.wasm.WasmStartupBenchmark load noise
 * java -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.wasm.WasmStartupBenchmark job noise-copy
 * </pre>
 */
public final class WasmStartupBenchmark {

    private static final String COPY = "-copy";

    private WasmStartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("load") || args[0].equals("job"))) {
            System.err.println("usage: WasmStartupBenchmark load|job <module>");
            System.exit(2);
        }
        WasmModuleSource module = module(args[1]);
        System.out.printf(
                "machine: %s; module %s: %s%n", BenchmarkSettings.machine(), args[1], module);
        if (args[0].equals("load")) {
            double cold = loadMillis(module);
            double[] again = new double[5];
            for (int i = 0; i < again.length; i++) {
                again[i] = loadMillis(module);
            }
            Arrays.sort(again);
            System.out.printf(
                    "load %s: cold %.1f ms, cached %.2f ms (median of 5; min %.2f)%n",
                    args[1], cold, again[2], again[0]);
        } else {
            double javaFirst = firstRecordMillis(module, false);
            double wasmCold = firstRecordMillis(module, true);
            double[] java = new double[5];
            double[] wasm = new double[5];
            for (int i = 0; i < java.length; i++) {
                java[i] = firstRecordMillis(module, false);
                wasm[i] = firstRecordMillis(module, true);
            }
            System.out.printf(
                    "job %s, submit to first record: first Java job %.0f ms, then Wasm cold %.0f"
                            + " ms; resubmitted (median of 5, Java and Wasm alternating): Java %.0f"
                            + " ms, Wasm %.0f ms%n",
                    args[1], javaFirst, wasmCold, Rates.median(java), Rates.median(wasm));
        }
        System.exit(0); // the embedded cluster's non-daemon threads
    }

    static WasmModuleSource module(String name) {
        boolean copy = name.endsWith(COPY);
        String base = copy ? name.substring(0, name.length() - COPY.length()) : name;
        WasmModuleSource bundled =
                ExampleGuests.load(
                        base.equals("noise") ? ExampleGuests.NOISE : ExampleGuests.UPPERCASE);
        return copy ? withCustomSection(bundled) : bundled;
    }

    /** The module plus an empty custom section named "user-copy": same code, another digest. */
    private static WasmModuleSource withCustomSection(WasmModuleSource source) {
        byte[] name = "user-copy".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(source.bytes());
        out.write(0); // section id: custom
        out.write(1 + name.length); // section size, one LEB128 byte
        out.write(name.length);
        out.writeBytes(name);
        return WasmModuleSource.fromBytes(source.name(), out.toByteArray());
    }

    private static double loadMillis(WasmModuleSource module) {
        long start = System.nanoTime();
        YomoStreamFunction fn =
                new YomoStreamFunction(module, WasmRuntimeConfig.builder().build(), Set.of());
        fn.open();
        double millis = (System.nanoTime() - start) / 1e6;
        fn.close();
        return millis;
    }

    private static double firstRecordMillis(WasmModuleSource module, boolean wasm)
            throws Exception {
        boolean upper = module.name().startsWith("uppercase");
        byte[] payload =
                upper ? WasmFunctionBenchmark.lowercase(32) : WasmFunctionBenchmark.noiseJson(32);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        DataStream<YomoRecord> input =
                env.fromSequence(0, Long.MAX_VALUE)
                        .map(seq -> YomoRecord.of(0x33, payload))
                        .returns(YomoRecord.class);
        DataStream<YomoRecord> output =
                wasm
                        ? input.process(WasmStreamFunctionProcessor.builder(module).build())
                        : input.flatMap(
                                upper
                                        ? new JavaStreamFunctions.Uppercase()
                                        : new JavaStreamFunctions.Noise());
        output.sinkTo(new FirstRecordSink());
        FirstRecordSink.FIRST.set(0);
        long start = System.nanoTime();
        JobID job = SharedMiniCluster.submit(env, "wasm-startup-" + (wasm ? "wasm" : "java"));
        try {
            while (FirstRecordSink.FIRST.get() == 0) {
                Thread.sleep(1);
            }
            return (FirstRecordSink.FIRST.get() - start) / 1e6;
        } finally {
            SharedMiniCluster.cancel(job);
        }
    }

    /** Notes when the first record arrives; drops the rest. */
    private static final class FirstRecordSink implements Sink<YomoRecord> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong FIRST = new AtomicLong();

        @Override
        public SinkWriter<YomoRecord> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(YomoRecord element, Context ctx) {
                    if (FIRST.get() == 0) {
                        FIRST.compareAndSet(0, System.nanoTime());
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
