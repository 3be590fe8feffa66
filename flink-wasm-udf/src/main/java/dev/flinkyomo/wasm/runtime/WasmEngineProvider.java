package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

/**
 * Makes the engine of one {@link WasmEngineType}; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services}), so the runtime API names no engine and an engine can live in a
 * module of its own (wasmtime's natives are most of the job jar).
 */
@Internal
public interface WasmEngineProvider {

    /** The engine type this provider makes. */
    WasmEngineType type();

    /** A new engine for {@code config}. */
    WasmEngine create(WasmRuntimeConfig config);
}
