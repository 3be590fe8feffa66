package dev.flinkyomo.ml.onnx;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import dev.flinkyomo.onnx.Tensor;

import java.io.Serializable;
import java.util.List;

/** A model's INPUT and OUTPUT columns as tensors: rows to model inputs, model outputs to rows. */
final class PredictionSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final List<InputBinding> inputs;
    private final List<OutputBinding> outputs;

    PredictionSchema(String model, List<InputBinding> inputs, List<OutputBinding> outputs) {
        this.model = model;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    String model() {
        return model;
    }

    Tensor[] tensors(RowData row) {
        Tensor[] in = new Tensor[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = inputs.get(i).tensor(row, i, model);
        }
        return in;
    }

    RowData row(Tensor[] out) {
        GenericRowData result = new GenericRowData(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            result.setField(i, outputs.get(i).value(out));
        }
        return result;
    }

    /** What a failed prediction emits under {@code 'error-handling-strategy' = 'ignore'}. */
    RowData nulls() {
        return new GenericRowData(outputs.size());
    }
}
