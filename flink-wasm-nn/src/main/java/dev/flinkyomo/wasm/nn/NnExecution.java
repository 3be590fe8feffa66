package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.onnx.LoadedModel;
import dev.flinkyomo.onnx.ModelException;
import dev.flinkyomo.onnx.Tensor;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One execution context: the inputs set so far, the outputs of the last compute, all charged to the
 * instance's tensor budget. Inputs stay for the next compute; a new compute replaces the outputs.
 */
final class NnExecution {

    private final LoadedModel model;
    private final TensorBudget budget;
    private final Tensor[] inputs;
    private Tensor[] outputs;

    NnExecution(LoadedModel model, TensorBudget budget) {
        this.model = model;
        this.budget = budget;
        this.inputs = new Tensor[model.inputs().size()];
    }

    LoadedModel model() {
        return model;
    }

    /** Unsets input {@code index} and returns its buffer for reuse, or null. */
    ByteBuffer takeInput(int index) {
        Tensor t = inputs[index];
        release(t);
        inputs[index] = null;
        return t == null ? null : t.data();
    }

    void setInput(int index, Tensor t) {
        release(inputs[index]);
        inputs[index] = t;
    }

    void compute(long remainingNanos, String where) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new NnException(
                        NnErrno.INVALID_ARGUMENT,
                        where + ": input " + i + " (" + model.inputs().get(i) + ") was not set");
            }
        }
        if (remainingNanos <= 0) {
            throw new NnException(
                    NnErrno.RUNTIME_ERROR, where + ": the call's time was used up before it began");
        }
        releaseOutputs();
        Tensor[] out;
        try {
            out = model.run(inputs.clone(), Duration.ofNanos(remainingNanos));
        } catch (ModelException e) {
            throw new NnException(WasiNnErrors.of(e, false), where + ": " + e.getMessage());
        } finally {
            for (Tensor t : inputs) {
                t.data().rewind(); // ready for the next compute, whatever this one did
            }
        }
        long bytes = 0;
        for (Tensor t : out) {
            bytes += t.data().remaining();
        }
        budget.reserve(bytes, where + ": the outputs of model '" + model.name() + "'");
        outputs = out;
    }

    /** Output {@code index} of the last compute. */
    Tensor output(int index, String where) {
        if (outputs == null) {
            throw new NnException(
                    NnErrno.INVALID_ARGUMENT, where + ": no compute of this context succeeded yet");
        }
        if (index < 0 || index >= outputs.length) {
            throw NnException.noIndex(where, model.name(), outputs.length, "outputs", index);
        }
        return outputs[index];
    }

    void close() {
        for (int i = 0; i < inputs.length; i++) {
            release(inputs[i]);
            inputs[i] = null;
        }
        releaseOutputs();
    }

    private void releaseOutputs() {
        if (outputs != null) {
            for (Tensor t : outputs) {
                release(t);
            }
            outputs = null;
        }
    }

    private void release(Tensor t) {
        if (t != null) {
            budget.release(t.data().capacity());
        }
    }
}
