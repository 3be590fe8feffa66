package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.onnx.SharedModels;
import dev.flinkyomo.wasm.runtime.HostOptions;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.yomo.YomoOutput;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The C and Rust classifier guests on real engines and real ONNX Runtime, through the Flink-free
 * {@link YomoStreamFunction} (the operator's core): every colour, the error paths a guest reports
 * on tag 0x4E, where models come from, and one shared session per model.
 */
class ClassifierGuestTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    static HostOptions shippedModel() {
        return WasiNnConfig.builder().model("colour_discs", Frames.model()).build();
    }

    static YomoStreamFunction open(
            ClassifierGuests guest, WasmEngineType engine, HostOptions host) {
        WasmRuntimeConfig config =
                WasmRuntimeConfig.builder()
                        .engine(engine)
                        .callTimeout(TIMEOUT)
                        .hostOptions(host)
                        .build();
        YomoStreamFunction fn = new YomoStreamFunction(guest.source(), config, Set.of());
        fn.open();
        return fn;
    }

    static String one(List<YomoOutput> out, long tag) {
        assertThat(out).hasSize(1);
        assertThat(out.get(0).tag()).isEqualTo(tag);
        return new String(out.get(0).data(), StandardCharsets.UTF_8);
    }

    static Stream<Arguments> guestsAndEngines() {
        return Stream.of(ClassifierGuests.values())
                .flatMap(
                        g ->
                                Stream.of(WasmEngineType.CHICORY, WasmEngineType.WASMTIME)
                                        .map(e -> Arguments.of(g, e)));
    }

    @ParameterizedTest
    @MethodSource("guestsAndEngines")
    void classifiesEveryColour(ClassifierGuests guest, WasmEngineType engine) {
        try (YomoStreamFunction fn = open(guest, engine, shippedModel())) {
            for (int label = 0; label < Frames.LABELS.length; label++) {
                String json =
                        one(
                                fn.process(ClassifierGuests.FRAME_TAG, Frames.disc(label)),
                                ClassifierGuests.RESULT_TAG);
                assertThat(json)
                        .matches(
                                "\\{\"label\":\""
                                        + Frames.LABELS[label]
                                        + "\",\"score\":(0\\.\\d{4}|1\\.0000)\\}");
                double score = Double.parseDouble(json.replaceAll(".*\"score\":([0-9.]+)}", "$1"));
                assertThat(score).isGreaterThan(0.5);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClassifierGuests.class)
    void withoutModelsLoadByNameIsNotFoundAndTheFunctionGoesOn(ClassifierGuests guest) {
        try (YomoStreamFunction fn = open(guest, WasmEngineType.CHICORY, HostOptions.empty())) {
            for (int i = 0; i < 2; i++) {
                assertThat(
                                one(
                                        fn.process(ClassifierGuests.FRAME_TAG, Frames.disc(0)),
                                        ClassifierGuests.ERROR_TAG))
                        .isEqualTo("load_by_name: not_found (8)");
            }
            assertThat(fn.rebuilds()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ClassifierGuests.class)
    void aModelOnnxRuntimeCannotLoadIsARuntimeError(ClassifierGuests guest) {
        HostOptions broken =
                WasiNnConfig.builder()
                        .model("colour_discs", "not an onnx model".getBytes(StandardCharsets.UTF_8))
                        .build();
        try (YomoStreamFunction fn = open(guest, WasmEngineType.CHICORY, broken)) {
            assertThat(
                            one(
                                    fn.process(ClassifierGuests.FRAME_TAG, Frames.disc(1)),
                                    ClassifierGuests.ERROR_TAG))
                    .isEqualTo("load_by_name: runtime_error (5)");
        }
    }

    @ParameterizedTest
    @EnumSource(ClassifierGuests.class)
    void aFrameOfAnotherSizeIsRefusedByTheGuest(ClassifierGuests guest) {
        try (YomoStreamFunction fn = open(guest, WasmEngineType.CHICORY, shippedModel())) {
            assertThat(
                            one(
                                    fn.process(ClassifierGuests.FRAME_TAG, Frames.disc(2, 100, 80)),
                                    ClassifierGuests.ERROR_TAG))
                    .startsWith("frame is 100x80 in 24008 bytes");
            assertThat(
                            one(
                                    fn.process(ClassifierGuests.FRAME_TAG, Frames.disc(2)),
                                    ClassifierGuests.RESULT_TAG))
                    .contains("\"label\":\"blue\"");
        }
    }

    @Test
    void modelsComeFromTheModelDirectory(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("colour_discs.onnx"), Frames.model());
        HostOptions host = WasiNnConfig.builder().modelDirectory(dir.toString()).build();
        try (YomoStreamFunction fn = open(ClassifierGuests.C, WasmEngineType.CHICORY, host)) {
            assertThat(
                            one(
                                    fn.process(ClassifierGuests.FRAME_TAG, Frames.disc(3)),
                                    ClassifierGuests.RESULT_TAG))
                    .contains("\"label\":\"yellow\"");
        }
    }

    @Test
    void instancesShareOneSessionPerModelAndCloseIt() {
        int before = SharedModels.get().openSessions();
        try (YomoStreamFunction c =
                        open(ClassifierGuests.C, WasmEngineType.CHICORY, shippedModel());
                YomoStreamFunction rust =
                        open(ClassifierGuests.RUST, WasmEngineType.CHICORY, shippedModel())) {
            c.process(ClassifierGuests.FRAME_TAG, Frames.disc(0));
            rust.process(ClassifierGuests.FRAME_TAG, Frames.disc(1));
            assertThat(SharedModels.get().openSessions()).isEqualTo(before + 1);
        }
        assertThat(SharedModels.get().openSessions()).isEqualTo(before);
    }
}
