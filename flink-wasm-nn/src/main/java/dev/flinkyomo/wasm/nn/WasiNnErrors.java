package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.onnx.ModelException;

/** How onnx-models' failures reach a guest as WASI-NN error codes. */
final class WasiNnErrors {

    private WasiNnErrors() {}

    /**
     * @param guestBytes whether the model came from the guest ({@code load}): bytes ONNX Runtime
     *     cannot load are then the guest's {@code invalid_encoding}; a named model that cannot load
     *     is the host's {@code runtime_error}
     */
    static NnErrno of(ModelException e, boolean guestBytes) {
        switch (e.kind()) {
            case NOT_FOUND:
                return NnErrno.NOT_FOUND;
            case INVALID_MODEL:
                return guestBytes ? NnErrno.INVALID_ENCODING : NnErrno.RUNTIME_ERROR;
            case INVALID_ARGUMENT:
                return NnErrno.INVALID_ARGUMENT;
            case TOO_LARGE:
                return NnErrno.TOO_LARGE;
            default:
                return NnErrno.RUNTIME_ERROR;
        }
    }
}
