package dev.flinkyomo.onnx;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * A model could not be found, loaded or run. The kind is what callers map to their own errors:
 * WASI-NN error codes for a Wasm guest, a dead letter or a SQL error naming the model.
 */
@PublicEvolving
public final class ModelException extends RuntimeException {

    /** What went wrong, in the terms WASI-NN distinguishes. */
    public enum Kind {
        /** No model of that name, or a name that is not one. */
        NOT_FOUND,
        /** The bytes are not a model ONNX Runtime can load. */
        INVALID_MODEL,
        /** A tensor of the wrong type, shape or size, or an unknown input or output. */
        INVALID_ARGUMENT,
        /** The model failed while running. */
        RUNTIME_ERROR,
        /** Larger than a configured limit. */
        TOO_LARGE
    }

    private final Kind kind;

    public ModelException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ModelException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
