package dev.flinkyomo.benchmarks.wasm;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.yomo.MetadataKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a small record's time goes under Chicory compiled: guests with the uppercase guest's
 * imports that do less and less (nothing; read the frame; read it and write it back) beside the C
 * uppercase guest and the plain Java uppercase function, on the same 32-byte record. Each Wasm case
 * runs the operator's path: {@code yomo_handler} with its timeout guard, then every write derived
 * into a record. Probe sources: {@code wasm-guests/bench/}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar WasmCallOverheadBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class WasmCallOverheadBenchmark {

    @Param({"java", "call_empty", "call_read", "call_read_write", "uppercase"})
    public String guest;

    @Param({"32"})
    public int payloadBytes;

    private FunctionUnderTest underTest;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        YomoRecord input =
                new YomoRecord(
                        0x33,
                        WasmFunctionBenchmark.lowercase(payloadBytes),
                        Map.of(MetadataKeys.TID, "bench-tid"));
        if ("java".equals(guest)) {
            underTest = FunctionUnderTest.java(input, bh, new JavaStreamFunctions.Uppercase());
            return;
        }
        WasmModuleSource module =
                "uppercase".equals(guest)
                        ? ExampleGuests.load(ExampleGuests.UPPERCASE)
                        : WasmModuleSource.fromClasspath(
                                "dev/flinkyomo/benchmarks/wasm/" + guest + ".wasm");
        underTest =
                FunctionUnderTest.wasm(
                        input,
                        bh,
                        module,
                        config ->
                                config.engine(WasmEngineType.CHICORY)
                                        .chicoryMode(ChicoryMode.COMPILED));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        underTest.close();
    }

    @Benchmark
    public void perRecord() throws Exception {
        underTest.perRecord();
    }
}
