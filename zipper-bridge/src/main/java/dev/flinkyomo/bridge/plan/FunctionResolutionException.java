package dev.flinkyomo.bridge.plan;

/** A function was found but cannot be used (unreadable module, broken provider, bad tags). */
public class FunctionResolutionException extends Exception {

    private static final long serialVersionUID = 1L;

    public FunctionResolutionException(String message) {
        super(message);
    }

    public FunctionResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
