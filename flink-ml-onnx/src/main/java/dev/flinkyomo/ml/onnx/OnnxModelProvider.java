package dev.flinkyomo.ml.onnx;

import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * Hands the planner a function that runs the model locally: the batching async one by default, the
 * row-at-a-time sync one with {@code 'async' = 'false'} in ML_PREDICT's config.
 */
final class OnnxModelProvider implements PredictRuntimeProvider, AsyncPredictRuntimeProvider {

    private final PredictionSchema schema;
    private final PredictionSettings settings;

    OnnxModelProvider(PredictionSchema schema, PredictionSettings settings) {
        this.schema = schema;
        this.settings = settings;
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        return new OnnxPredictFunction(schema, settings);
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(Context context) {
        return new OnnxAsyncPredictFunction(schema, settings);
    }

    @Override
    public ModelProvider copy() {
        return new OnnxModelProvider(schema, settings);
    }
}
