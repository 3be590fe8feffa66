package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A guest call did not complete. The instance that threw it must be discarded: its memory and
 * globals may be half-updated.
 */
@PublicEvolving
public class WasmTrapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the call ended. */
    public enum Kind {
        /** A Wasm trap: unreachable, out-of-bounds access, division by zero, stack exhaustion. */
        TRAP,
        /** The call ran longer than the per-call timeout and was interrupted. */
        TIMEOUT,
        /** The guest hit the memory cap and then trapped (or, on wasmtime, grew past it). */
        MEMORY_LIMIT,
        /** The guest called WASI proc_exit. */
        EXIT,
        /** The calling thread was interrupted from outside (task cancellation). */
        INTERRUPTED,
        /**
         * The guest wrote a tag in YoMo's reserved range 0xF000-0xFFFF, which a zipper answers by
         * closing the connection: the write failed (code 2) and the input is a dead letter.
         */
        RESERVED_TAG
    }

    private final Kind kind;
    private final String moduleName;
    private final String function;
    private final int exitCode;

    public WasmTrapException(
            Kind kind, String moduleName, String function, String detail, Throwable cause) {
        this(kind, moduleName, function, detail, cause, -1);
    }

    private WasmTrapException(
            Kind kind,
            String moduleName,
            String function,
            String detail,
            Throwable cause,
            int exitCode) {
        super(
                kind + " in Wasm module '" + moduleName + "' calling " + function + ": " + detail,
                cause);
        this.kind = kind;
        this.moduleName = moduleName;
        this.function = function;
        this.exitCode = exitCode;
    }

    /** The guest called WASI {@code proc_exit(code)}. */
    public static WasmTrapException exit(
            String moduleName, String function, int code, Throwable cause) {
        return new WasmTrapException(
                Kind.EXIT,
                moduleName,
                function,
                "guest called proc_exit(" + code + ")",
                cause,
                code);
    }

    /**
     * A trap, labelled {@link Kind#MEMORY_LIMIT} when the memory is at its cap: a guest that cannot
     * grow further usually traps right after (Rust/C abort on allocation failure).
     */
    public static WasmTrapException trap(
            String moduleName,
            String function,
            String detail,
            Throwable cause,
            int pages,
            int capPages) {
        if (pages >= capPages) {
            return new WasmTrapException(
                    Kind.MEMORY_LIMIT,
                    moduleName,
                    function,
                    detail + " (memory is at its cap of " + capPages + " pages)",
                    cause);
        }
        return new WasmTrapException(Kind.TRAP, moduleName, function, detail, cause);
    }

    /** The proc_exit code for {@link Kind#EXIT}, otherwise -1. */
    public int exitCode() {
        return exitCode;
    }

    public Kind kind() {
        return kind;
    }

    public String moduleName() {
        return moduleName;
    }

    public String function() {
        return function;
    }
}
