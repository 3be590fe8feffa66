package dev.flinkyomo.wasm.runtime.chicory;

import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.PrecompiledGuests;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.wasm.yomo.YomoOutput;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PrecompiledGuestsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The same module with a custom section appended: same code, different digest. */
    static WasmModuleSource modifiedCopy(WasmModuleSource bundled) {
        byte[] name = "flink-yomo-test".getBytes(StandardCharsets.UTF_8);
        byte[] in = bundled.bytes();
        byte[] out = Arrays.copyOf(in, in.length + 3 + name.length);
        int i = in.length;
        out[i++] = 0; // custom section
        out[i++] = (byte) (1 + name.length); // size (< 128: one LEB128 byte)
        out[i++] = (byte) name.length;
        System.arraycopy(name, 0, out, i, name.length);
        return WasmModuleSource.fromBytes(bundled.name(), out); // the same name, on purpose
    }

    @ParameterizedTest
    @ValueSource(
            strings = {ExampleGuests.UPPERCASE, ExampleGuests.NOISE, ExampleGuests.FRAME_STATS})
    void bundledDigestUsesThePrecompiledMachineAndAModifiedCopyDoesNot(String location) {
        WasmModuleSource bundled = ExampleGuests.load(location);
        WasmModuleSource copy = modifiedCopy(bundled);

        ChicoryEngine.Prepared fromBundled =
                ChicoryEngine.prepare(bundled, ChicoryMode.COMPILED, TIMEOUT);
        ChicoryEngine.Prepared fromCopy =
                ChicoryEngine.prepare(copy, ChicoryMode.COMPILED, TIMEOUT);

        assertThat(fromBundled.precompiled).isTrue();
        assertThat(fromBundled.info.codeStripped()).isTrue();
        assertThat(fromCopy.precompiled).isFalse();
        assertThat(fromCopy.info.codeStripped()).isFalse();
        assertThat(PrecompiledGuests.forDigest(copy.sha256())).isEmpty();
        // the per-digest cache: the same prepared module again, another one for other bytes
        assertThat(ChicoryEngine.prepare(bundled, ChicoryMode.COMPILED, TIMEOUT))
                .isSameAs(fromBundled);
        assertThat(ChicoryEngine.prepare(copy, ChicoryMode.COMPILED, TIMEOUT)).isSameAs(fromCopy);
        assertThat(fromCopy).isNotSameAs(fromBundled);
        ChicoryEngine.Prepared interpreted =
                ChicoryEngine.prepare(bundled, ChicoryMode.INTERPRETED, TIMEOUT);
        assertThat(interpreted.precompiled).isFalse();
        assertThat(interpreted.info.codeStripped()).isFalse(); // the interpreter gets the code
    }

    @ParameterizedTest
    @ValueSource(strings = {ExampleGuests.UPPERCASE, ExampleGuests.NOISE})
    void precompiledAndRuntimeCompiledGiveTheSameOutputs(String location) {
        WasmModuleSource bundled = ExampleGuests.load(location);
        WasmRuntimeConfig config =
                WasmRuntimeConfig.builder().callTimeout(Duration.ofSeconds(10)).build();
        List<byte[]> inputs =
                List.of(
                        utf8("hello, yomo!"),
                        utf8("{\"noise\":170.5,\"time\":1700000000000,\"from\":\"a\"}"),
                        utf8("{\"noise\":3.25,\"time\":1,\"from\":\"b\"}"),
                        new byte[0],
                        utf8("x".repeat(5000)));
        try (YomoStreamFunction pre = open(bundled, config);
                YomoStreamFunction runtime = open(modifiedCopy(bundled), config)) {
            for (byte[] input : inputs) {
                List<YomoOutput> expected = runtime.process(0x33, input);
                assertThat(pre.process(0x33, input)).isEqualTo(expected);
            }
        }
    }

    private static YomoStreamFunction open(WasmModuleSource source, WasmRuntimeConfig config) {
        YomoStreamFunction fn = new YomoStreamFunction(source, config, Set.of());
        fn.open();
        return fn;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
