package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

/** How a stream function is implemented. */
@PublicEvolving
public enum FunctionKind {
    /** A YoMo WebAssembly module {@code <functions dir>/<name>.wasm}. */
    WASM,
    /** A {@link dev.flinkyomo.bridge.spi.JavaStreamFunction} registered through ServiceLoader. */
    JAVA;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
