package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A module cannot be used: unreadable, malformed, missing imports, over the limits, or its init
 * failed.
 */
@PublicEvolving
public class WasmLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WasmLoadException(String moduleName, String reason) {
        super(message(moduleName, reason));
    }

    public WasmLoadException(String moduleName, String reason, Throwable cause) {
        super(message(moduleName, reason), cause);
    }

    private static String message(String moduleName, String reason) {
        return "Wasm module '" + moduleName + "' cannot be loaded: " + reason;
    }
}
