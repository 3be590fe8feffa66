package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import java.util.List;
import java.util.ServiceLoader;

/** Instantiates modules. Engines cache compiled modules per JVM; instances are cheap to rebuild. */
@Internal
public interface WasmEngine {

    /**
     * A new instance with the given host imports linked in. WASI preview 1 imports are satisfied by
     * the engine with no files, network, arguments or environment; stdout/stderr go to the log.
     *
     * @throws WasmLoadException if the module is malformed, imports something not provided, or
     *     needs more memory than the cap allows
     */
    WasmInstance instantiate(WasmModuleSource source, List<HostImport> hostImports);

    /**
     * The engine {@code config} names, from the {@link WasmEngineProvider}s on the class path of
     * this module's class loader (the job's user-code class loader on a cluster).
     *
     * @throws IllegalStateException when no provider makes that engine
     */
    static WasmEngine create(WasmRuntimeConfig config) {
        for (WasmEngineProvider provider :
                ServiceLoader.load(WasmEngineProvider.class, WasmEngine.class.getClassLoader())) {
            if (provider.type() == config.engine()) {
                return provider.create(config);
            }
        }
        throw new IllegalStateException(
                "no Wasm engine "
                        + config.engine()
                        + " on the class path: its provider is not listed in"
                        + " META-INF/services/"
                        + WasmEngineProvider.class.getName());
    }
}
