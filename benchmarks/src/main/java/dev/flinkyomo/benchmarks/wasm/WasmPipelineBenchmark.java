package dev.flinkyomo.benchmarks.wasm;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.benchmarks.harness.BenchmarkSettings;
import dev.flinkyomo.benchmarks.harness.CountingSink;
import dev.flinkyomo.benchmarks.harness.Rates;
import dev.flinkyomo.benchmarks.harness.SharedMiniCluster;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.MetadataCodec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Wasm stream functions in a Flink job, as a user runs them: a generator source, then either
 * {@link WasmStreamFunctionProcessor} with the guest (Chicory compiled, the default engine) or the
 * same logic as a plain Java {@link FlatMapFunction}, then a counting sink, all chained at
 * parallelism 1 with Flink's default settings (no object reuse), on one MiniCluster that stays up.
 * Java and Wasm rounds alternate so a slow phase of the machine hits both alike; the ratio column
 * is the median of the per-round ratios (Java records/s divided by Wasm records/s: "slower" when
 * above 1). The cpu column is the same ratio of outputs per CPU second of the job's task thread
 * (the whole chain runs in it): on a 2-core machine shared with other builds the wall-clock ratio
 * of a round follows their load (0.3x to 3.7x for one unchanged case at load 8 to 12), the CPU
 * ratio much less (run medians within about 10%). It is not the same number as the wall ratio on a
 * quiet machine; compare it only with itself.
 *
 * <p>Unlike {@link WasmFunctionBenchmark}, which isolates the function, this includes what every
 * record costs in a job anyway (the source, the copy of each record between chained operators, the
 * sink), so it shows what choosing Wasm costs a pipeline, not what it costs the function.
 *
 * <pre>
 * java [-Dpipeline.functions=uppercase,noise] [-Dpipeline.payloads=32,1024] [-Dpipeline.rounds=3] -cp benchmarks/target/benchmarks.jar dev.flinkyomo.benchmarks.wasm.WasmPipelineBenchmark [--warmup 2 --measure 4]
 * </pre>
 */
public final class WasmPipelineBenchmark {

    private WasmPipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSettings s = BenchmarkSettings.parse(args);
        int rounds = Integer.getInteger("pipeline.rounds", 3);
        String[] functions = System.getProperty("pipeline.functions", "uppercase,noise").split(",");
        System.out.printf(
                "machine: %s; warmup %d ms, measure %d ms, %d rounds of Java then Wasm per case%n",
                BenchmarkSettings.machine(), s.warmup().toMillis(), s.measure().toMillis(), rounds);
        System.out.printf(
                "%-10s %-8s %14s %14s %8s   %s   %s%n",
                "function",
                "payload",
                "java out/s",
                "wasm out/s",
                "ratio",
                "ratio per round",
                "cpu: ratio of outputs per task-thread CPU second (median; per round)");
        // The first jobs in a fresh JVM run far below their steady rate while C2 compiles Flink's
        // paths, so one untimed round of each side comes first.
        run(s, "uppercase", 32, false);
        run(s, "uppercase", 32, true);
        for (String function : functions) {
            for (int payload : Rates.ints("pipeline.payloads", "32,1024")) {
                double[] java = new double[rounds];
                double[] wasm = new double[rounds];
                double[] ratio = new double[rounds];
                double[] cpuRatio = new double[rounds];
                StringBuilder perRound = new StringBuilder();
                StringBuilder cpuPerRound = new StringBuilder();
                for (int r = 0; r < rounds; r++) {
                    double[] j = run(s, function, payload, false);
                    double[] w = run(s, function, payload, true);
                    java[r] = j[0];
                    wasm[r] = w[0];
                    ratio[r] = java[r] / wasm[r];
                    cpuRatio[r] = j[1] / w[1];
                    perRound.append(String.format("%s%.2fx", r == 0 ? "" : " ", ratio[r]));
                    cpuPerRound.append(String.format("%s%.2fx", r == 0 ? "" : " ", cpuRatio[r]));
                }
                System.out.printf(
                        "%-10s %-8s %14.0f %14.0f %7.2fx   %s   cpu %.2fx   %s%n",
                        function,
                        payload + " B",
                        Rates.median(java),
                        Rates.median(wasm),
                        Rates.median(ratio),
                        perRound,
                        Rates.median(cpuRatio),
                        cpuPerRound);
            }
        }
        System.exit(0); // the embedded cluster's non-daemon threads
    }

    /**
     * Records per second of wall clock, and records per CPU second of the job's task threads (the
     * chained source, function and sink run in one): on a machine shared with other work the wall
     * rate follows whatever else runs, the CPU rate much less.
     */
    private static double[] run(BenchmarkSettings s, String function, int payload, boolean wasm)
            throws Exception {
        boolean upper = "uppercase".equals(function);
        byte[] bytes =
                upper
                        ? WasmFunctionBenchmark.lowercase(payload)
                        : WasmFunctionBenchmark.noiseJson(payload);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        env.setParallelism(1);
        DataStream<YomoRecord> input = env.fromSequence(0, Long.MAX_VALUE).map(new ToRecord(bytes));
        DataStream<YomoRecord> output =
                wasm
                        ? input.process(
                                WasmStreamFunctionProcessor.builder(
                                                ExampleGuests.load(
                                                        upper
                                                                ? ExampleGuests.UPPERCASE
                                                                : ExampleGuests.NOISE))
                                        .build())
                        : input.flatMap(
                                upper
                                        ? new JavaStreamFunctions.Uppercase()
                                        : new JavaStreamFunctions.Noise());
        output.sinkTo(new CountingSink<>());
        JobID job =
                SharedMiniCluster.submit(
                        env,
                        "wasm-pipeline-" + function + "-" + payload + (wasm ? "-wasm" : "-java"));
        try {
            List<Map<Long, Long>> cpu = new ArrayList<>(); // task threads' CPU at both edges
            Rates.Window w =
                    Rates.window(
                            s,
                            CountingSink.COUNT::get,
                            () -> cpu.add(taskThreadCpu()),
                            () -> cpu.add(taskThreadCpu()));
            long cpuNanos = 0;
            for (Map.Entry<Long, Long> e : cpu.get(1).entrySet()) {
                Long before = cpu.get(0).get(e.getKey());
                if (before != null) {
                    cpuNanos += e.getValue() - before;
                }
            }
            return new double[] {w.perSecond(), w.events() / (cpuNanos / 1e9)};
        } finally {
            SharedMiniCluster.cancel(job);
        }
    }

    /** CPU nanoseconds so far of each live Flink task thread (named "... (1/1)#n"), by id. */
    private static Map<Long, Long> taskThreadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("(1/1)#")) {
                long ns = mx.getThreadCpuTime(t.getId());
                if (ns >= 0) {
                    out.put(t.getId(), ns);
                }
            }
        }
        return out;
    }

    /**
     * A new record per element as the YoMo source emits them: metadata still encoded as it came off
     * the wire (decoded only if something reads it), with the keys a YoMo source sends, and the
     * {@code yomo-target} the listener found while validating it (on its event loop, not on the
     * task thread, so it is looked up once here). The payload bytes are shared.
     */
    private static final class ToRecord implements MapFunction<Long, YomoRecord> {
        private static final long serialVersionUID = 1L;
        private static final byte[] WIRE_METADATA =
                MetadataCodec.encode(
                        Map.of(
                                MetadataKeys.TID,
                                "c5b2a0f4e1d94b7a9f3e2d1c0b9a8f7e",
                                "yomo-source-id",
                                "noise-source-01",
                                "yomo-sampled",
                                "false"));
        private static final String TARGET = MetadataCodec.validate(WIRE_METADATA);
        private final byte[] payload;

        ToRecord(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public YomoRecord map(Long seq) {
            return YomoRecord.fromValidatedWire(0x33, payload, WIRE_METADATA, TARGET);
        }
    }
}
