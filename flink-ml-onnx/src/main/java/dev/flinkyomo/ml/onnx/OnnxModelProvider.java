package dev.flinkyomo.ml.onnx;

import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/** Hands the planner a function that runs the model locally. */
final class OnnxModelProvider implements PredictRuntimeProvider {

    private final OnnxPredictFunction function;

    OnnxModelProvider(OnnxPredictFunction function) {
        this.function = function;
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        return function;
    }

    @Override
    public ModelProvider copy() {
        return new OnnxModelProvider(function);
    }
}
