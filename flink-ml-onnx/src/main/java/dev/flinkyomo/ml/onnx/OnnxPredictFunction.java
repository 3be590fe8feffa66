package dev.flinkyomo.ml.onnx;

import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.SharedModels;

import java.util.Collection;
import java.util.List;

/**
 * Runs the model in the task for each row of {@code ML_PREDICT} (the synchronous path, {@code
 * 'async' = 'false'}). The model's bytes travel with the function; the session is shared with every
 * other user of the same model in the TaskManager. Public because the planner's generated code
 * calls it.
 */
public final class OnnxPredictFunction extends PredictFunction {

    private static final long serialVersionUID = 1L;

    private final PredictionSchema schema;
    private final PredictionSettings settings;

    private transient LoadedModel loaded;
    private transient DirectStaging staging;
    private transient Counter predictErrors;

    OnnxPredictFunction(PredictionSchema schema, PredictionSettings settings) {
        this.schema = schema;
        this.settings = settings;
    }

    @Override
    public void open(FunctionContext context) {
        loaded = SharedModels.get().acquire(schema.model(), settings.bytes(), settings.session());
        staging = new DirectStaging();
        predictErrors = context.getMetricGroup().counter(PredictErrors.METRIC);
    }

    @Override
    public Collection<RowData> predict(RowData row) {
        try {
            return List.of(
                    schema.row(loaded.run(staging.stage(schema.tensors(row)), settings.timeout())));
        } catch (RuntimeException e) {
            return List.of(PredictErrors.handle(e, schema, settings, predictErrors));
        }
    }

    @Override
    public void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
    }
}
