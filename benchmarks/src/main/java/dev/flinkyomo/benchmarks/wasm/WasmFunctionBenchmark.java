package dev.flinkyomo.benchmarks.wasm;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Per-record cost of a YoMo stream function: the same uppercase and noise logic as a plain Java
 * Flink function and as Wasm guests (C and Rust) under Chicory compiled, Chicory interpreted and
 * wasmtime-java. Each operation turns one {@link YomoRecord} into its output records, including the
 * copy into and out of guest memory and the metadata-carrying {@code derive}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar WasmFunctionBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class WasmFunctionBenchmark {

    @Param({"uppercase", "noise"})
    public String function;

    @Param({"java", "chicory-compiled", "chicory-interpreted", "wasmtime"})
    public String engine;

    @Param({"32", "1024", "65536"})
    public int payloadBytes;

    private FunctionUnderTest underTest;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        boolean upper = "uppercase".equals(function);
        YomoRecord input =
                new YomoRecord(
                        0x33,
                        upper ? lowercase(payloadBytes) : noiseJson(payloadBytes),
                        Map.of(MetadataKeys.TID, "bench-tid"));
        if ("java".equals(engine)) {
            underTest =
                    FunctionUnderTest.java(
                            input,
                            bh,
                            upper
                                    ? new JavaStreamFunctions.Uppercase()
                                    : new JavaStreamFunctions.Noise());
            return;
        }
        underTest =
                FunctionUnderTest.wasm(
                        input,
                        bh,
                        ExampleGuests.load(upper ? ExampleGuests.UPPERCASE : ExampleGuests.NOISE),
                        config -> {
                            switch (engine) {
                                case "chicory-compiled":
                                    config.engine(WasmEngineType.CHICORY)
                                            .chicoryMode(ChicoryMode.COMPILED);
                                    break;
                                case "chicory-interpreted":
                                    config.engine(WasmEngineType.CHICORY)
                                            .chicoryMode(ChicoryMode.INTERPRETED);
                                    break;
                                default:
                                    config.engine(WasmEngineType.WASMTIME);
                            }
                        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        underTest.close();
    }

    @Benchmark
    public void perRecord() throws Exception {
        underTest.perRecord();
    }

    static byte[] lowercase(int n) {
        byte[] b = new byte[n];
        Random r = new Random(42);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + r.nextInt(26));
        }
        return b;
    }

    /**
     * A noise reading (noise 170, so both outputs are written) padded through "from" to n bytes.
     */
    static byte[] noiseJson(int n) {
        String base = "{\"noise\":170.5,\"time\":1700000000000,\"from\":\"\"}";
        char[] pad = new char[Math.max(0, n - base.length())];
        Arrays.fill(pad, 'x');
        return ("{\"noise\":170.5,\"time\":1700000000000,\"from\":\"" + new String(pad) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
