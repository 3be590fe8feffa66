package dev.flinkyomo.wasm.nn;

import org.apache.flink.annotation.PublicEvolving;

/**
 * WASI-NN's {@code nn_errno} as the preview 1 witx (wasmtime's {@code wasi-nn.witx}) and WasmEdge's
 * {@code wasi_nn} plugin number it; every {@code wasi_ephemeral_nn} function returns one.
 */
@PublicEvolving
public enum NnErrno {
    SUCCESS,
    INVALID_ARGUMENT,
    INVALID_ENCODING,
    MISSING_MEMORY,
    BUSY,
    RUNTIME_ERROR,
    UNSUPPORTED_OPERATION,
    TOO_LARGE,
    NOT_FOUND;

    /** The number the guest receives. */
    public int code() {
        return ordinal();
    }

    /** The witx name, e.g. {@code not_found}. */
    public String witxName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
