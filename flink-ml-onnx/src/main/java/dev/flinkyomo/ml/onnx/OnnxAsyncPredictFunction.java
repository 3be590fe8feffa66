package dev.flinkyomo.ml.onnx;

import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

import dev.flinkyomo.onnx.SharedModels;
import dev.flinkyomo.onnx.Tensor;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The asynchronous path of {@code ML_PREDICT} (Flink's default): rows queue for a worker thread
 * that runs whatever is waiting as one batch (see {@link BatchingPredictor}), so with Flink's
 * {@code max-concurrent-operations} rows in flight the model sees batches of up to that many.
 * Public because the planner's generated code calls it.
 */
public final class OnnxAsyncPredictFunction extends AsyncPredictFunction {

    private static final long serialVersionUID = 1L;

    private final PredictionSchema schema;
    private final PredictionSettings settings;

    private transient BatchingPredictor predictor;
    private transient Counter predictErrors;

    OnnxAsyncPredictFunction(PredictionSchema schema, PredictionSettings settings) {
        this.schema = schema;
        this.settings = settings;
    }

    @Override
    public void open(FunctionContext context) {
        predictor =
                new BatchingPredictor(
                                SharedModels.get()
                                        .acquire(
                                                schema.model(),
                                                settings.bytes(),
                                                settings.session()),
                                settings.maxBatch(),
                                settings.timeout(),
                                "onnx-predict "
                                        + schema.model()
                                        + " ("
                                        + context.getTaskInfo().getTaskNameWithSubtasks()
                                        + ")")
                        .start();
        predictErrors = context.getMetricGroup().counter(PredictErrors.METRIC);
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData row) {
        CompletableFuture<Collection<RowData>> result = new CompletableFuture<>();
        CompletableFuture<Tensor[]> predicted;
        try {
            predicted = predictor.submit(schema.tensors(row));
        } catch (RuntimeException e) {
            predicted = CompletableFuture.failedFuture(e);
        }
        predicted.whenComplete(
                (out, failure) -> {
                    try {
                        if (failure == null) {
                            result.complete(List.of(schema.row(out)));
                        } else {
                            RuntimeException cause =
                                    failure instanceof RuntimeException re
                                                    && !(failure instanceof CompletionException)
                                            ? re
                                            : new RuntimeException(failure.getMessage(), failure);
                            result.complete(
                                    List.of(
                                            PredictErrors.handle(
                                                    cause, schema, settings, predictErrors)));
                        }
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
        return result;
    }

    @Override
    public void close() {
        if (predictor != null) {
            predictor.close();
            predictor = null;
        }
    }
}
