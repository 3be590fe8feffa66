package dev.flinkyomo.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped colour-disc classifier through the repository and shared sessions, on ONNX Runtime.
 */
class SharedModelsTest {

    static final int SIZE = 224;
    static final String[] LABELS = {"red", "green", "blue", "yellow"};
    static final int[][] COLOURS = {{220, 40, 40}, {40, 200, 60}, {50, 70, 230}, {230, 210, 40}};
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static byte[] model() throws IOException {
        try (InputStream in = SharedModelsTest.class.getResourceAsStream("/colour_discs.onnx")) {
            return in.readAllBytes();
        }
    }

    /** A frame of {@code n} images, each a disc of colour {@code label} on a dark background. */
    static Tensor discs(int n, int label) {
        ByteBuffer b = ByteBuffer.allocateDirect(n * SIZE * SIZE * 3);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean in = (y - 90) * (y - 90) + (x - 130) * (x - 130) < 45 * 45;
                    for (int c = 0; c < 3; c++) {
                        b.put((byte) (in ? COLOURS[label][c] : 30));
                    }
                }
            }
        }
        return new Tensor(TensorType.U8, new long[] {n, SIZE, SIZE, 3}, b.flip());
    }

    static int argmax(Tensor probabilities, int row) {
        FloatBuffer f = probabilities.data().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int best = 0;
        for (int k = 1; k < LABELS.length; k++) {
            if (f.get(row * LABELS.length + k) > f.get(row * LABELS.length + best)) {
                best = k;
            }
        }
        return best;
    }

    @Test
    void classifiesEachColourAndSharesOneSession() throws IOException {
        ModelRepository repo = ModelRepository.empty().withModel("discs", model());
        try (LoadedModel a =
                        SharedModels.get()
                                .acquire("discs", repo.read("discs"), SessionSettings.DEFAULT);
                LoadedModel b =
                        SharedModels.get()
                                .acquire("discs", repo.read("discs"), SessionSettings.DEFAULT)) {
            assertThat(SharedModels.get().openSessions()).isEqualTo(1);
            assertThat(a.inputs()).hasSize(1);
            assertThat(a.inputs().get(0).name()).isEqualTo("pixels");
            assertThat(a.inputs().get(0).shape()).containsExactly(-1, SIZE, SIZE, 3);
            for (int label = 0; label < LABELS.length; label++) {
                Tensor[] out =
                        (label % 2 == 0 ? a : b).run(new Tensor[] {discs(1, label)}, TIMEOUT);
                assertThat(out[0].type()).isEqualTo(TensorType.F32);
                assertThat(out[0].shape()).containsExactly(1, LABELS.length);
                assertThat(LABELS[argmax(out[0], 0)]).isEqualTo(LABELS[label]);
            }
        }
        assertThat(SharedModels.get().openSessions()).isZero();
    }

    @Test
    void runsABatchInOneCall() throws IOException {
        try (LoadedModel m =
                SharedModels.get().acquire("discs", model(), SessionSettings.DEFAULT)) {
            Tensor[] out = m.run(new Tensor[] {discs(3, 2)}, TIMEOUT);
            assertThat(out[0].shape()).containsExactly(3, LABELS.length);
            for (int row = 0; row < 3; row++) {
                assertThat(argmax(out[0], row)).isEqualTo(2);
            }
        }
    }

    @Test
    void wrongTypeShapeOrSizeIsAnInvalidArgumentNamingTheInput() throws IOException {
        try (LoadedModel m =
                SharedModels.get().acquire("discs", model(), SessionSettings.DEFAULT)) {
            Tensor floats =
                    new Tensor(
                            TensorType.F32,
                            new long[] {1, SIZE, SIZE, 3},
                            ByteBuffer.allocateDirect(4 * SIZE * SIZE * 3));
            Tensor badShape =
                    new Tensor(
                            TensorType.U8,
                            new long[] {1, 100, 100, 3},
                            ByteBuffer.allocateDirect(100 * 100 * 3));
            Tensor shortData =
                    new Tensor(
                            TensorType.U8,
                            new long[] {1, SIZE, SIZE, 3},
                            ByteBuffer.allocateDirect(10));
            for (Tensor bad : new Tensor[] {floats, badShape, shortData}) {
                assertThatThrownBy(() -> m.run(new Tensor[] {bad}, TIMEOUT))
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining("model 'discs'")
                        .hasMessageContaining("pixels")
                        .extracting(e -> ((ModelException) e).kind())
                        .isEqualTo(ModelException.Kind.INVALID_ARGUMENT);
            }
            assertThatThrownBy(() -> m.run(new Tensor[0], TIMEOUT))
                    .extracting(e -> ((ModelException) e).kind())
                    .isEqualTo(ModelException.Kind.INVALID_ARGUMENT);
            // The model still works after the refusals.
            assertThat(argmax(m.run(new Tensor[] {discs(1, 1)}, TIMEOUT)[0], 0)).isEqualTo(1);
        }
    }

    @Test
    void aRunOverItsTimeoutIsStopped() throws IOException {
        try (LoadedModel m =
                SharedModels.get().acquire("discs", model(), SessionSettings.DEFAULT)) {
            // 64 frames take tens of milliseconds; 1 ms is far below that.
            assertThatThrownBy(() -> m.run(new Tensor[] {discs(64, 0)}, Duration.ofMillis(1)))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("ran longer than its timeout of 1 ms")
                    .extracting(e -> ((ModelException) e).kind())
                    .isEqualTo(ModelException.Kind.RUNTIME_ERROR);
            assertThat(argmax(m.run(new Tensor[] {discs(1, 3)}, TIMEOUT)[0], 0)).isEqualTo(3);
        }
    }

    @Test
    void bytesThatAreNotAModelAreAnInvalidModelAndNothingStaysOpen() {
        int before = SharedModels.get().openSessions();
        assertThatThrownBy(
                        () ->
                                SharedModels.get()
                                        .acquire(
                                                "junk",
                                                new byte[] {1, 2, 3, 4},
                                                SessionSettings.DEFAULT))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model 'junk' (4 bytes) cannot be loaded")
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.INVALID_MODEL);
        assertThat(SharedModels.get().openSessions()).isEqualTo(before);
    }

    @Test
    void theDirectoryServesOnlyItsOwnFiles(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("models"));
        Files.write(dir.resolve("discs.onnx"), model());
        Files.writeString(tmp.resolve("secret.onnx"), "not yours");
        Files.createSymbolicLink(dir.resolve("escape.onnx"), tmp.resolve("secret.onnx"));
        ModelRepository repo = ModelRepository.empty().withDirectory(dir);

        assertThat(repo.read("discs")).isEqualTo(model());
        assertThat(repo.read("discs.onnx")).isEqualTo(model());
        assertThat(repo.names()).contains("discs", "escape");
        for (String hostile :
                new String[] {
                    "../secret", "escape", "/etc/passwd", "a/b", ".hidden", "x\u0000y", ""
                }) {
            assertThatThrownBy(() -> repo.read(hostile))
                    .as(hostile)
                    .isInstanceOf(ModelException.class)
                    .extracting(e -> ((ModelException) e).kind())
                    .isEqualTo(ModelException.Kind.NOT_FOUND);
        }
        assertThatThrownBy(() -> repo.read("missing"))
                .hasMessageContaining("no model named 'missing'")
                .hasMessageContaining("missing.onnx in " + dir);
        assertThatThrownBy(() -> repo.withMaxModelBytes(100).read("discs"))
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.TOO_LARGE);
    }
}
