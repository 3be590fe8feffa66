package dev.flinkyomo.ml.onnx;

import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.SessionSettings;
import dev.flinkyomo.onnx.SharedModels;
import dev.flinkyomo.onnx.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Runs the model in the task for each row of {@code ML_PREDICT}. The model's bytes travel with the
 * function; the session is shared with every other user of the same model in the TaskManager.
 */
/** Public because the planner's generated code calls it. */
public final class OnnxPredictFunction extends PredictFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OnnxPredictFunction.class);

    private final String model;
    private final byte[] bytes;
    private final SessionSettings settings;
    private final Duration timeout;
    private final OnnxModelOptions.ErrorHandling errors;
    private final List<InputBinding> inputs;
    private final List<OutputBinding> outputs;

    private transient LoadedModel loaded;
    private transient Counter predictErrors;

    OnnxPredictFunction(
            String model,
            byte[] bytes,
            SessionSettings settings,
            Duration timeout,
            OnnxModelOptions.ErrorHandling errors,
            List<InputBinding> inputs,
            List<OutputBinding> outputs) {
        this.model = model;
        this.bytes = bytes;
        this.settings = settings;
        this.timeout = timeout;
        this.errors = errors;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    @Override
    public void open(FunctionContext context) {
        loaded = SharedModels.get().acquire(model, bytes, settings);
        predictErrors = context.getMetricGroup().counter("numPredictErrors");
    }

    @Override
    public Collection<RowData> predict(RowData row) {
        try {
            Tensor[] in = new Tensor[inputs.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = inputs.get(i).tensor(row, i, model);
            }
            Tensor[] out = loaded.run(in, timeout);
            GenericRowData result = new GenericRowData(outputs.size());
            for (int i = 0; i < outputs.size(); i++) {
                result.setField(i, outputs.get(i).value(out));
            }
            return List.of(result);
        } catch (RuntimeException e) {
            if (errors == OnnxModelOptions.ErrorHandling.FAILOVER) {
                throw e;
            }
            predictErrors.inc();
            LOG.warn("Prediction of model '{}' failed, emitting NULLs: {}", model, e.getMessage());
            return List.of(new GenericRowData(outputs.size()));
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
