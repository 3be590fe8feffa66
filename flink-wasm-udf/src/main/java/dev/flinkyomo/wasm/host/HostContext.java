package dev.flinkyomo.wasm.host;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;

/** What a provider knows about the Wasm instance it makes host functions for. */
@PublicEvolving
public interface HostContext {

    /** The Wasm module's name (its file name), for messages. */
    String moduleName();

    /**
     * The instance's runtime configuration; {@link WasmRuntimeConfig#hostOptions()} holds the
     * provider's options.
     */
    WasmRuntimeConfig runtimeConfig();

    /**
     * On the task thread inside a guest call: nanoseconds left of the call's timeout (0 or less
     * once overdue). Host functions that block or run long (a model) bound themselves with it: a
     * call cannot be interrupted while it is in host code on every engine.
     */
    long remainingCallNanos();
}
