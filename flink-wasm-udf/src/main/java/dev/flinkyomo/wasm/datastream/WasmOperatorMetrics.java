package dev.flinkyomo.wasm.datastream;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics under {@code <operator>.wasm.module.<name>}: calls, outputs, traps, timeouts, memory
 * limit hits, dead letters, unobserved records, instance rebuilds and a call latency histogram (µs,
 * sampled: see {@link WasmStreamFunctionProcessor#LATENCY_SAMPLE_EVERY}).
 */
final class WasmOperatorMetrics {

    private static final int LATENCY_WINDOW = 1024;

    final Counter calls;
    final Counter outputs;
    final Counter traps;
    final Counter timeouts;
    final Counter memoryLimitHits;
    final Counter deadLetters;
    final Counter unobserved;
    final Counter rebuilds;
    final Histogram latencyMicros;

    WasmOperatorMetrics(MetricGroup operatorGroup, String moduleName) {
        MetricGroup g = operatorGroup.addGroup("wasm").addGroup("module", moduleName);
        calls = g.counter("calls");
        outputs = g.counter("outputs");
        traps = g.counter("traps");
        timeouts = g.counter("timeouts");
        memoryLimitHits = g.counter("memoryLimitHits");
        deadLetters = g.counter("deadLetters");
        unobserved = g.counter("unobservedRecords");
        rebuilds = g.counter("instanceRebuilds");
        latencyMicros =
                g.histogram(
                        "callLatencyMicros", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
    }
}
