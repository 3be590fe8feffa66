package dev.flinkyomo.benchmarks.wasm;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.yomo.YomoOutputSink;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One input record and the function the benchmarks run on it: a plain Java {@link FlatMapFunction},
 * or a Wasm guest behind the operator's path (the handler call with its timeout guard, then every
 * write derived from the input into a record). Outputs go to JMH's blackhole.
 */
final class FunctionUnderTest implements AutoCloseable {

    private final YomoRecord input;
    private final Collector<YomoRecord> collector;
    private final FlatMapFunction<YomoRecord, YomoRecord> javaFunction;
    private final YomoStreamFunction wasmFunction;
    private final YomoOutputSink sink;

    private FunctionUnderTest(
            YomoRecord input,
            Blackhole bh,
            FlatMapFunction<YomoRecord, YomoRecord> javaFunction,
            YomoStreamFunction wasmFunction) {
        this.input = input;
        this.collector = new BlackholeCollector(bh);
        this.javaFunction = javaFunction;
        this.wasmFunction = wasmFunction;
        this.sink = (tag, data, target) -> collector.collect(input.derive(tag, data, target));
    }

    static FunctionUnderTest java(
            YomoRecord input, Blackhole bh, FlatMapFunction<YomoRecord, YomoRecord> function) {
        return new FunctionUnderTest(input, bh, function, null);
    }

    /**
     * {@code engine} configures the engine on the benchmarks' common settings (30 s timeout, 64
     * MiB).
     */
    static FunctionUnderTest wasm(
            YomoRecord input,
            Blackhole bh,
            WasmModuleSource module,
            Consumer<WasmRuntimeConfig.Builder> engine) {
        WasmRuntimeConfig.Builder config =
                WasmRuntimeConfig.builder()
                        .callTimeout(Duration.ofSeconds(30))
                        .maxMemoryPages(1024);
        engine.accept(config);
        YomoStreamFunction function = new YomoStreamFunction(module, config.build(), Set.of());
        function.open();
        return new FunctionUnderTest(input, bh, null, function);
    }

    void perRecord() throws Exception {
        if (javaFunction != null) {
            javaFunction.flatMap(input, collector);
        } else {
            wasmFunction.process(input.getTag(), input.getPayload(), sink);
        }
    }

    @Override
    public void close() {
        if (wasmFunction != null) {
            wasmFunction.close();
        }
    }

    /** Sinks output records into JMH's blackhole. */
    private static final class BlackholeCollector implements Collector<YomoRecord> {
        private final Blackhole bh;

        BlackholeCollector(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void collect(YomoRecord record) {
            bh.consume(record);
        }

        @Override
        public void close() {}
    }
}
