package dev.flinkyomo.wasm.yomo;

import dev.flinkyomo.wasm.runtime.CapturedLog;
import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YomoStreamFunctionTest {

    enum Engine {
        CHICORY_COMPILED(WasmEngineType.CHICORY, ChicoryMode.COMPILED),
        CHICORY_INTERPRETED(WasmEngineType.CHICORY, ChicoryMode.INTERPRETED),
        WASMTIME(WasmEngineType.WASMTIME, ChicoryMode.COMPILED);

        /**
         * Generous timeout: a loaded CI machine must not turn a slow interpreted call into a trap.
         */
        final WasmRuntimeConfig config;

        /** Tight timeout, for the test that wants a timeout. */
        final WasmRuntimeConfig tight;

        Engine(WasmEngineType type, ChicoryMode mode) {
            this.config =
                    WasmRuntimeConfig.builder()
                            .engine(type)
                            .chicoryMode(mode)
                            .callTimeout(Duration.ofSeconds(10))
                            .maxMemoryPages(8)
                            .build();
            this.tight =
                    WasmRuntimeConfig.builder()
                            .engine(type)
                            .chicoryMode(mode)
                            .callTimeout(Duration.ofMillis(300))
                            .maxMemoryPages(8)
                            .build();
        }
    }

    static WasmModuleSource fixture(String name) {
        return WasmModuleSource.fromClasspath("wasm/" + name);
    }

    static YomoStreamFunction open(WasmModuleSource source, WasmRuntimeConfig config) {
        YomoStreamFunction fn = new YomoStreamFunction(source, config, Set.of());
        fn.open();
        return fn;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void uppercaseGuestWritesTag0x34(Engine engine) {
        try (YomoStreamFunction fn =
                open(ExampleGuests.load(ExampleGuests.UPPERCASE), engine.config)) {
            assertThat(fn.abi()).isEqualTo(YomoAbi.V3);
            assertThat(fn.observedTags()).containsExactly(0x33L);
            assertThat(fn.process(0x33, utf8("hello, yomo!")))
                    .containsExactly(new YomoOutput(0x34, utf8("HELLO, YOMO!"), null));
            assertThat(fn.process(0x33, new byte[0]))
                    .containsExactly(new YomoOutput(0x34, new byte[0], null));
            byte[] big = new byte[300_000]; // larger than the initial 2 pages: the guest grows its
            // memory
            java.util.Arrays.fill(big, (byte) 'a');
            byte[] upper = new byte[big.length];
            java.util.Arrays.fill(upper, (byte) 'A');
            assertThat(fn.process(0x33, big).get(0).data()).isEqualTo(upper);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void wantedTargetIsAnnouncedAndWriteWithTargetKeepsDataAndTargetApart(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("targeted.wasm"), engine.config)) {
            assertThat(fn.wantedTarget()).isEqualTo("user-42");
            // data from the data buffer, target from the target buffer (wazero v1.20.0 sent the
            // target as data)
            assertThat(fn.process(0x33, utf8("payload")))
                    .containsExactly(
                            new YomoOutput(0x34, utf8("payload"), "user-7"),
                            new YomoOutput(0x35, utf8("payload"), null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReservedTagWriteFailsForTheGuestAndMakesTheInputADeadLetter(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("chaos.wasm"), engine.config)) {
            // 'r': echo on 0x51, then a write on 0xF001, whose return code goes out on 0x53
            assertThatThrownBy(() -> fn.process(0x50, utf8("r-payload")))
                    .isInstanceOfSatisfying(
                            WasmTrapException.class,
                            e ->
                                    assertThat(e.kind())
                                            .isEqualTo(WasmTrapException.Kind.RESERVED_TAG))
                    .hasMessageContaining("it wrote tag 0xf001 is reserved by YoMo");
            // the instance is fine and nothing of the refused call leaks into the next one
            assertThat(fn.process(0x50, utf8("echo")))
                    .containsExactly(new YomoOutput(0x51, utf8("echo"), null));
            assertThat(fn.rebuilds()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void guestStdoutGoesToTheTaskLogAndNothingLingersAfterClose(Engine engine) throws Exception {
        try (CapturedLog log = CapturedLog.of("dev.flinkyomo.wasm.guest.chaos_wasm")) {
            try (YomoStreamFunction fn = open(fixture("chaos.wasm"), engine.config)) {
                assertThat(fn.process(0x50, utf8("phello from the guest\n"))).hasSize(1);
                // wasmtime's stdio arrives through a pipe, so allow it a moment
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (log.messages().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(log.messages())
                        .containsExactly("[chaos.wasm stdout] hello from the guest");
            }
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(
                            t ->
                                    t.getName().startsWith("wasm-std")
                                            && t.getName().endsWith("chaos.wasm"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void abiV1GuestReversesInput(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("abi_v1_reverse.wasm"), engine.config)) {
            assertThat(fn.abi()).isEqualTo(YomoAbi.V1);
            assertThat(fn.observedTags()).containsExactly(0x33L);
            assertThat(fn.process(0x33, utf8("abc")))
                    .containsExactly(new YomoOutput(0x34, utf8("cba"), null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void rustNoiseGuestWritesNoiseAndAlerts(Engine engine) {
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            assertThat(fn.observedTags()).containsExactly(0x33L);
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\": 42.5, \"time\": 1700000000000, \"from\": \"s1\"}")))
                    .containsExactly(
                            new YomoOutput(
                                    0x34,
                                    utf8("{\"noise\":4.25,\"time\":1700000000000,\"from\":\"s1\"}"),
                                    null));
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"from\":\"s\\\"2\",\"time\":5,\"noise\":160,\"extra\":[1,{\"a\":null}]}")))
                    .containsExactly(
                            new YomoOutput(
                                    0x34,
                                    utf8("{\"noise\":16,\"time\":5,\"from\":\"s\\\"2\"}"),
                                    null),
                            new YomoOutput(
                                    0x35,
                                    utf8(
                                            "{\"alert\":\"noise\",\"noise\":16,\"time\":5,\"from\":\"s\\\"2\"}"),
                                    null));
            // The guest copies plain runs in bulk; escapes, control characters and multi-byte
            // UTF-8 around them must come out exactly as before.
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\":10,\"time\":1,\"from\":\"é\\\\a\\u0001\\nz\\/ü\"}")))
                    .containsExactly(
                            new YomoOutput(
                                    0x34,
                                    utf8(
                                            "{\"noise\":1,\"time\":1,\"from\":\"é\\\\a\\u0001\\u000az/ü\"}"),
                                    null));
            assertThat(fn.process(0x33, utf8("{\"noise\": \"loud\"}"))).isEmpty();
            assertThat(fn.process(0x33, utf8("not json"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void trapRebuildsInstanceAndNextFrameWorks(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("chaos.wasm"), engine.config)) {
            assertThatThrownBy(() -> fn.process(0x50, utf8("trap")))
                    .isInstanceOf(WasmTrapException.class)
                    .hasMessageContaining("chaos.wasm")
                    .satisfies(
                            e ->
                                    assertThat(((WasmTrapException) e).kind())
                                            .isEqualTo(WasmTrapException.Kind.TRAP));
            assertThat(fn.rebuilds()).isEqualTo(1);
            assertThat(fn.process(0x50, utf8("ok")))
                    .containsExactly(new YomoOutput(0x51, utf8("ok"), null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void endlessLoopTimesOut(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("chaos.wasm"), engine.tight)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> fn.process(0x50, utf8("loop")))
                    .isInstanceOf(WasmTrapException.class)
                    .satisfies(
                            e ->
                                    assertThat(((WasmTrapException) e).kind())
                                            .isEqualTo(WasmTrapException.Kind.TIMEOUT));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isBetween(290L, 5_000L);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(fn.process(0x50, utf8("after")))
                    .containsExactly(new YomoOutput(0x51, utf8("after"), null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void memoryGrowthStopsAtTheCap(Engine engine) {
        try (YomoStreamFunction fn = open(fixture("chaos.wasm"), engine.config)) {
            assertThatThrownBy(() -> fn.process(0x50, utf8("grow")))
                    .isInstanceOf(WasmTrapException.class)
                    .hasMessageContaining("cap of 8 pages")
                    .satisfies(
                            e ->
                                    assertThat(((WasmTrapException) e).kind())
                                            .isEqualTo(WasmTrapException.Kind.MEMORY_LIMIT));
            assertThat(fn.process(0x50, utf8("x"))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void yomoInitReturningOneFailsTheLoad(Engine engine) {
        YomoStreamFunction fn =
                new YomoStreamFunction(fixture("init_fail.wasm"), engine.config, Set.of());
        assertThatThrownBy(fn::open)
                .isInstanceOf(WasmLoadException.class)
                .hasMessage(
                        "Wasm module 'init_fail.wasm' cannot be loaded: yomo_init returned 1 (sfn initialization failed)");
    }

    @Test
    void malformedModuleFailsTheLoadNamingIt() {
        YomoStreamFunction fn =
                new YomoStreamFunction(
                        fixture("malformed.wasm"), WasmRuntimeConfig.defaults(), Set.of());
        assertThatThrownBy(fn::open)
                .isInstanceOf(WasmLoadException.class)
                .hasMessageStartingWith(
                        "Wasm module 'malformed.wasm' cannot be loaded: malformed Wasm binary");
    }

    @Test
    void moduleWithoutHandlerIsNotAStreamFunction() {
        YomoStreamFunction fn =
                new YomoStreamFunction(
                        fixture("numeric.wasm"), WasmRuntimeConfig.defaults(), Set.of());
        assertThatThrownBy(fn::open)
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("not a YoMo stream function: it exports no yomo_handler");
    }

    @Test
    void initialMemoryAboveCapFailsTheLoad() {
        WasmRuntimeConfig tiny = WasmRuntimeConfig.builder().maxMemoryPages(1).build();
        YomoStreamFunction fn =
                new YomoStreamFunction(ExampleGuests.load(ExampleGuests.UPPERCASE), tiny, Set.of());
        assertThatThrownBy(fn::open)
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("initial memory is 2 pages but the memory cap is 1 pages");
    }

    @Test
    void frameStatsGuestComputesBrightnessAndEdges() {
        try (YomoStreamFunction fn =
                open(ExampleGuests.load(ExampleGuests.FRAME_STATS), WasmRuntimeConfig.defaults())) {
            // 2x2: black, white / black, white -> luma 0,255,0,255; each black pixel has a right
            // edge
            byte[] frame = {
                2,
                0,
                0,
                0,
                2,
                0,
                0,
                0,
                0,
                0,
                0,
                (byte) 255,
                (byte) 255,
                (byte) 255,
                0,
                0,
                0,
                (byte) 255,
                (byte) 255,
                (byte) 255
            };
            List<YomoOutput> out = fn.process(0x40, frame);
            assertThat(out)
                    .containsExactly(
                            new YomoOutput(
                                    0x41,
                                    utf8(
                                            "{\"width\":2,\"height\":2,\"brightness\":127,\"edge_permille\":500}"),
                                    null));
            assertThat(fn.process(0x40, new byte[] {2, 0, 0, 0, 2, 0, 0, 0, 1}))
                    .containsExactly(
                            new YomoOutput(
                                    0x4E, utf8("frame length: expected 20 bytes, got 9"), null));
        }
    }
}
