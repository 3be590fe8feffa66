package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.wasm.runtime.HostOptions;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.yomo.YomoOutput;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.flinkyomo.wasm.nn.ProbeScript.COMPUTE;
import static dev.flinkyomo.wasm.nn.ProbeScript.GET_OUTPUT;
import static dev.flinkyomo.wasm.nn.ProbeScript.INIT;
import static dev.flinkyomo.wasm.nn.ProbeScript.LOAD;
import static dev.flinkyomo.wasm.nn.ProbeScript.LOAD_BY_NAME;
import static dev.flinkyomo.wasm.nn.ProbeScript.READ_I32;
import static dev.flinkyomo.wasm.nn.ProbeScript.SET_INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The imports' contract, driven by the probe guest with arguments a careful guest would pass and
 * with hostile ones (bad handles, pointers outside memory, huge dimensions, too many handles): the
 * witx error codes, never a trap, a JVM crash or an out-of-memory.
 */
class WasiNnProbeTest {

    static final int OK = NnErrno.SUCCESS.code();
    static final int INVALID_ARGUMENT = NnErrno.INVALID_ARGUMENT.code();
    static final int INVALID_ENCODING = NnErrno.INVALID_ENCODING.code();
    static final int BUSY = NnErrno.BUSY.code();
    static final int RUNTIME_ERROR = NnErrno.RUNTIME_ERROR.code();
    static final int UNSUPPORTED = NnErrno.UNSUPPORTED_OPERATION.code();
    static final int TOO_LARGE = NnErrno.TOO_LARGE.code();
    static final int NOT_FOUND = NnErrno.NOT_FOUND.code();
    static final int U8 = 3;
    static final int F32 = 1;
    static final int FRAME_BYTES = 224 * 224 * 3;

    static YomoStreamFunction probe(WasmEngineType engine, HostOptions host, Duration callTimeout) {
        YomoStreamFunction fn =
                new YomoStreamFunction(
                        ProbeScript.guest(),
                        WasmRuntimeConfig.builder()
                                .engine(engine)
                                .callTimeout(callTimeout)
                                .hostOptions(host)
                                .build(),
                        Set.of());
        fn.open();
        return fn;
    }

    static YomoStreamFunction probe(WasmEngineType engine, HostOptions host) {
        return probe(engine, host, Duration.ofSeconds(20));
    }

    static WasiNnConfig withModel() {
        return WasiNnConfig.builder().model("colour_discs", Frames.model());
    }

    static int[] run(YomoStreamFunction fn, ProbeScript script) {
        List<YomoOutput> out = fn.process(ProbeScript.TAG, script.build());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).tag()).isEqualTo(ProbeScript.RESULT_TAG);
        return ProbeScript.results(out.get(0).data());
    }

    @ParameterizedTest
    @EnumSource(WasmEngineType.class)
    void aCarefulGuestClassifiesAndLearnsTheOutputSizeFromATooSmallBuffer(WasmEngineType engine) {
        try (YomoStreamFunction fn = probe(engine, withModel().build())) {
            ProbeScript s = new ProbeScript(12);
            int graph = s.reserve(4);
            int ctx = s.reserve(4);
            int dims = s.putI32s(1, 224, 224, 3);
            int pixels = s.put(Frames.pixels(2));
            int tensor = s.tensor(dims, 4, U8, pixels, FRAME_BYTES);
            int out = s.reserve(16);
            int written = s.reserve(4);
            s.call(GET_OUTPUT, 0, 0, out, 16, written) // no context yet
                    .loadByName("colour_discs", graph)
                    .call(INIT, 0, ctx)
                    .call(COMPUTE, 0) // no input yet
                    .call(GET_OUTPUT, 0, 0, out, 16, written) // no compute yet
                    .call(SET_INPUT, 0, 0, tensor)
                    .call(COMPUTE, 0)
                    .call(GET_OUTPUT, 0, 0, out, 8, written) // too small
                    .call(READ_I32, written)
                    .call(GET_OUTPUT, 0, 0, out, 16, written)
                    .call(READ_I32, written)
                    .call(READ_I32, out + 8); // probability of "blue"
            int[] r = run(fn, s);
            assertThat(r)
                    .startsWith(
                            INVALID_ARGUMENT,
                            OK,
                            OK,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            OK,
                            OK,
                            TOO_LARGE,
                            16,
                            OK,
                            16);
            assertThat(Float.intBitsToFloat(r[11])).isGreaterThan(0.5f);
        }
    }

    @ParameterizedTest
    @EnumSource(WasmEngineType.class)
    void badHandlesAndPointersOutsideMemoryAreInvalidArguments(WasmEngineType engine) {
        try (YomoStreamFunction fn = probe(engine, withModel().build())) {
            ProbeScript s = new ProbeScript(11);
            int name = s.putString("colour_discs");
            int ctx = s.reserve(4);
            int words = s.reserve(16);
            s.call(INIT, 7, ctx) // no graph 7
                    .call(INIT, -1, ctx)
                    .call(COMPUTE, 3) // no context 3
                    .call(SET_INPUT, -5, 0, words)
                    .call(LOAD_BY_NAME, 0xFFFF_FFF0, 64, words) // name outside memory
                    .loadByName("colour_discs", 0xFFFF_FFFE) // result outside memory
                    .call(LOAD_BY_NAME, name, 0x7FFF_FFFF, words) // name length past the end
                    .call(LOAD, 0x7FFF_FFF0, 1, 1, 0, words) // builder array outside memory
                    .call(GET_OUTPUT, 0, 0, words, 16, -4) // bytes_written outside memory
                    .loadByName("colour_discs", words) // still graph 0: nothing was used up
                    .call(READ_I32, words);
            assertThat(run(fn, s))
                    .containsExactly(
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            OK,
                            0);
            assertThat(fn.rebuilds()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(WasmEngineType.class)
    void tensorsOfTheWrongShapeTypeOrSizeAreInvalidArguments(WasmEngineType engine) {
        try (YomoStreamFunction fn = probe(engine, withModel().build())) {
            ProbeScript s = new ProbeScript(10);
            int handle = s.reserve(4);
            int small = s.putI32s(1, 100, 100, 3);
            int frame = s.putI32s(1, 224, 224, 3);
            int huge = s.putI32s(-1, -1, -1, -1);
            int pixels = s.put(new byte[30_000]);
            s.loadByName("colour_discs", handle)
                    .call(INIT, 0, handle)
                    // wrong shape: [1,100,100,3] with exactly its 30000 bytes
                    .call(SET_INPUT, 0, 0, s.tensor(small, 4, U8, pixels, 30_000))
                    // wrong type: f32 where the model takes u8
                    .call(SET_INPUT, 0, 0, s.tensor(small, 4, F32, pixels, 30_000))
                    // the right shape but far fewer bytes than it needs
                    .call(SET_INPUT, 0, 0, s.tensor(frame, 4, U8, pixels, 30_000))
                    // dimensions of 4 G each: the element count overflows
                    .call(SET_INPUT, 0, 0, s.tensor(huge, 4, U8, pixels, 30_000))
                    // a rank of 2^31 - 1, its dimensions far outside memory
                    .call(SET_INPUT, 0, 0, s.tensor(frame, 0x7FFF_FFFF, U8, pixels, 30_000))
                    // no such tensor type, no such input
                    .call(SET_INPUT, 0, 0, s.tensor(frame, 4, 42, pixels, 30_000))
                    .call(SET_INPUT, 0, 1, s.tensor(small, 4, U8, pixels, 30_000))
                    // data outside memory
                    .call(SET_INPUT, 0, 0, s.tensor(frame, 4, U8, 0xFFFF_0000, FRAME_BYTES));
            assertThat(run(fn, s))
                    .containsExactly(
                            OK,
                            OK,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT,
                            INVALID_ARGUMENT);
        }
    }

    @Test
    void loadTakesOnnxBytesWithinTheCapAndRefusesOtherEncodingsAndTargets() {
        byte[] model = Frames.model();
        // The cap is the model's size: the model fits, one byte more does not.
        HostOptions host = WasiNnConfig.builder().maxModelBytes(model.length).build();
        try (YomoStreamFunction fn = probe(WasmEngineType.CHICORY, host)) {
            ProbeScript s = new ProbeScript(9);
            int bytes = s.put(model);
            int builder = s.putI32s(bytes, model.length);
            int tooBig = s.putI32s(bytes, model.length + 1);
            int junk = s.putString("definitely not onnx");
            int junkBuilder = s.putI32s(junk, 19);
            int graph = s.reserve(4);
            s.call(LOAD, builder, 1, 1, 0, graph) // onnx, cpu
                    .call(LOAD, builder, 1, 5, 0, graph) // autodetect
                    .call(LOAD, builder, 1, 0, 0, graph) // openvino
                    .call(LOAD, builder, 1, 4, 0, graph) // tensorflowlite
                    .call(LOAD, builder, 1, 1, 1, graph) // gpu
                    .call(LOAD, builder, 2, 1, 0, graph) // two builders
                    .call(LOAD, tooBig, 1, 1, 0, graph)
                    .call(LOAD, junkBuilder, 1, 1, 0, graph)
                    .loadByName("colour_discs", graph); // no models configured
            assertThat(run(fn, s))
                    .containsExactly(
                            OK,
                            OK,
                            INVALID_ENCODING,
                            INVALID_ENCODING,
                            UNSUPPORTED,
                            INVALID_ARGUMENT,
                            TOO_LARGE,
                            INVALID_ENCODING,
                            NOT_FOUND);
        }
    }

    @ParameterizedTest
    @EnumSource(WasmEngineType.class)
    void aGuestThatKeepsAskingForHandlesGetsBusyNotMemory(WasmEngineType engine) {
        HostOptions host = withModel().maxGraphs(3).maxContexts(2).build();
        try (YomoStreamFunction fn = probe(engine, host)) {
            ProbeScript s = new ProbeScript(9);
            int handle = s.reserve(4);
            for (int i = 0; i < 4; i++) {
                s.loadByName("colour_discs", handle);
            }
            for (int i = 0; i < 3; i++) {
                s.call(INIT, 0, handle);
            }
            s.call(READ_I32, handle).call(INIT, 2, handle);
            assertThat(run(fn, s)).containsExactly(OK, OK, OK, BUSY, OK, OK, BUSY, 1, BUSY);
        }
    }

    @Test
    void tensorsBeyondTheInstancesBudgetAreTooLarge() {
        HostOptions host = withModel().maxTensorBytes(FRAME_BYTES - 1).build();
        try (YomoStreamFunction fn = probe(WasmEngineType.CHICORY, host)) {
            ProbeScript s = new ProbeScript(3);
            int handle = s.reserve(4);
            int dims = s.putI32s(1, 224, 224, 3);
            int tensor = s.tensor(dims, 4, U8, s.put(Frames.pixels(0)), FRAME_BYTES);
            s.loadByName("colour_discs", handle)
                    .call(INIT, 0, handle)
                    .call(SET_INPUT, 0, 0, tensor);
            assertThat(run(fn, s)).containsExactly(OK, OK, TOO_LARGE);
        }
    }

    @Test
    void aModuleImportingFromAnUnservedModuleFailsToLoadNamingIt() {
        YomoStreamFunction fn =
                new YomoStreamFunction(
                        WasmModuleSource.fromClasspath("wasm/unserved_import.wasm"),
                        WasmRuntimeConfig.defaults(),
                        Set.of());
        assertThatThrownBy(fn::open)
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("[wasi_ephemeral_crypto]")
                .hasMessageContaining("HostImportProvider");
    }

    @ParameterizedTest
    @EnumSource(WasmEngineType.class)
    void aComputeOverTheCallTimeoutIsStoppedAndTheFunctionGoesOn(WasmEngineType engine) {
        // slow_loop.onnx (models/slow-loop) loops 2^40 times: only the call's timeout ends it.
        HostOptions host =
                withModel().model("slow_loop", Frames.resource("/slow_loop.onnx")).build();
        try (YomoStreamFunction fn = probe(engine, host, Duration.ofMillis(300))) {
            ProbeScript setup = new ProbeScript(3);
            int handle = setup.reserve(4);
            int dims = setup.putI32s(1);
            int x = setup.putI32s(Float.floatToIntBits(1f));
            setup.loadByName("slow_loop", handle)
                    .call(INIT, 0, handle)
                    .call(SET_INPUT, 0, 0, setup.tensor(dims, 1, F32, x, 4));
            assertThat(run(fn, setup)).containsExactly(OK, OK, OK);

            long start = System.nanoTime();
            // ONNX Runtime is told to stop when the call's time is up; compute returns
            // runtime_error, and Chicory, interrupted by the call watchdog meanwhile, traps the
            // guest as it resumes: a TIMEOUT (a dead letter in the operator), or else the code.
            WasmTrapException trap =
                    catchThrowableOfType(
                            WasmTrapException.class,
                            () ->
                                    assertThat(run(fn, new ProbeScript(1).call(COMPUTE, 0)))
                                            .containsExactly(RUNTIME_ERROR));
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (trap != null) {
                assertThat(trap.kind()).isEqualTo(WasmTrapException.Kind.TIMEOUT);
                assertThat(fn.rebuilds()).isEqualTo(1);
            }
            assertThat(millis).isBetween(250L, 5_000L);

            // The function goes on: the next record classifies.
            ProbeScript next = new ProbeScript(2);
            int h = next.reserve(4);
            next.loadByName("colour_discs", h).call(READ_I32, h);
            assertThat(run(fn, next)).startsWith(OK);
        }
    }

    @ParameterizedTest
    @EnumSource(WasmEngineType.class)
    void aGuestThatTrapsAfterAnErrorCodeIsRebuilt(WasmEngineType engine) {
        try (YomoStreamFunction fn = probe(engine, HostOptions.empty())) {
            ProbeScript s = new ProbeScript(2);
            int handle = s.reserve(4);
            s.loadByName("colour_discs", handle).call(ProbeScript.TRAP);
            WasmTrapException trap =
                    catchThrowableOfType(WasmTrapException.class, () -> run(fn, s));
            assertThat(trap).isNotNull();
            assertThat(fn.rebuilds()).isEqualTo(1);
            ProbeScript again = new ProbeScript(1);
            int h = again.reserve(4);
            again.loadByName("colour_discs", h);
            assertThat(run(fn, again)).containsExactly(NOT_FOUND);
        }
    }
}
