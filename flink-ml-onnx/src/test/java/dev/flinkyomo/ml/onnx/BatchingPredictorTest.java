package dev.flinkyomo.ml.onnx;

import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.ModelException;
import dev.flinkyomo.onnx.SessionSettings;
import dev.flinkyomo.onnx.SharedModels;
import dev.flinkyomo.onnx.Tensor;
import dev.flinkyomo.onnx.TensorType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows waiting for the model run as one call, and a bad row fails alone. Real ONNX Runtime. */
class BatchingPredictorTest {

    private static LoadedModel model() throws IOException {
        try (InputStream in =
                BatchingPredictorTest.class.getResourceAsStream("/colour_discs.onnx")) {
            return SharedModels.get().acquire("discs", in.readAllBytes(), SessionSettings.DEFAULT);
        }
    }

    private static Tensor[] row(int label) {
        byte[] px = DiscFrames.frame(label, 100 + 5 * label, 50);
        return new Tensor[] {
            new Tensor(
                    TensorType.U8,
                    new long[] {1, 224, 224, 3},
                    ByteBuffer.allocateDirect(px.length).put(px).flip())
        };
    }

    private static int label(Tensor[] out) {
        return OutputBinding.best(out);
    }

    @Test
    void rowsWaitingTogetherRunAsOneCallUpToTheMaximum() throws Exception {
        for (int[] maxAndRuns : new int[][] {{8, 1}, {4, 2}, {1, 6}}) {
            BatchingPredictor p =
                    new BatchingPredictor(model(), maxAndRuns[0], Duration.ofSeconds(10), "test");
            List<CompletableFuture<Tensor[]>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(p.submit(row(i % 4)));
            }
            p.start();
            for (int i = 0; i < 6; i++) {
                Tensor[] out = results.get(i).get();
                assertThat(out[0].shape()).containsExactly(1, 4);
                assertThat(label(out))
                        .as("row %d with batches of %d", i, maxAndRuns[0])
                        .isEqualTo(i % 4);
            }
            assertThat(p.runs())
                    .as("model calls with batches of %d", maxAndRuns[0])
                    .isEqualTo(maxAndRuns[1]);
            p.close();
        }
        assertThat(SharedModels.get().openSessions()).isZero();
    }

    @Test
    void aBadRowInABatchFailsAloneAndTheOthersAreAnswered() throws Exception {
        BatchingPredictor p = new BatchingPredictor(model(), 8, Duration.ofSeconds(10), "test");
        Tensor[] bad = {
            new Tensor(TensorType.U8, new long[] {1, 224, 224, 3}, ByteBuffer.allocateDirect(10))
        };
        CompletableFuture<Tensor[]> a = p.submit(row(0));
        CompletableFuture<Tensor[]> b = p.submit(bad);
        CompletableFuture<Tensor[]> c = p.submit(row(2));
        p.start();
        assertThat(label(a.get())).isZero();
        assertThat(label(c.get())).isEqualTo(2);
        assertThat(b)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(ModelException.class)
                .withMessageContaining("needs 150528 bytes");
        // One failed batch call, then the three rows one by one.
        assertThat(p.runs()).isEqualTo(4);
        p.close();
        assertThat(p.submit(row(1))).isCompletedExceptionally();
    }
}
