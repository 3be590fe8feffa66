package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

/** A function was found but cannot be used (unreadable module, broken provider, bad tags). */
@PublicEvolving
public class FunctionResolutionException extends Exception {

    private static final long serialVersionUID = 1L;

    public FunctionResolutionException(String message) {
        super(message);
    }

    public FunctionResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
