package dev.flinkyomo.wasm.runtime;

import dev.flinkyomo.wasm.runtime.chicory.ChicoryEngine;
import dev.flinkyomo.wasm.runtime.wasmtime.WasmtimeEngine;

import java.util.List;

/** Instantiates modules. Engines cache compiled modules per JVM; instances are cheap to rebuild. */
public interface WasmEngine {

    /**
     * A new instance with the given host imports linked in. WASI preview 1 imports are satisfied by
     * the engine with no files, network, arguments or environment; stdout/stderr go to the log.
     *
     * @throws WasmLoadException if the module is malformed, imports something not provided, or
     *     needs more memory than the cap allows
     */
    WasmInstance instantiate(WasmModuleSource source, List<HostImport> hostImports);

    static WasmEngine create(WasmRuntimeConfig config) {
        switch (config.engine()) {
            case WASMTIME:
                return new WasmtimeEngine(config);
            case CHICORY:
            default:
                return new ChicoryEngine(config);
        }
    }
}
