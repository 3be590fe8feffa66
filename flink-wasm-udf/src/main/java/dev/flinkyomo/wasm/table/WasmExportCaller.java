package dev.flinkyomo.wasm.table;

import dev.flinkyomo.wasm.host.HostExtensions;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmFunction;
import dev.flinkyomo.wasm.runtime.WasmInstance;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.yomo.YomoHostFunctions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance behind plain (non-YoMo) SQL functions: created lazily on first use, so it works in
 * the planner during constant folding as well as in tasks, and replaced after a trap.
 */
final class WasmExportCaller implements Serializable {

    private static final long serialVersionUID = 1L;

    private final WasmModuleSource source;
    private final WasmRuntimeConfig config;
    private transient WasmInstance instance;
    private transient HostExtensions extensions; // e.g. WASI-NN's imports, closed with the instance

    WasmExportCaller(WasmModuleSource source, WasmRuntimeConfig config) {
        this.source = source;
        this.config = config;
    }

    WasmModuleSource source() {
        return source;
    }

    WasmInstance instance() {
        if (instance == null) {
            // Cached: the engine's own inspection below finds it parsed.
            WasmModuleInfo info =
                    WasmModuleInfo.inspect(source, config.compileTimeout(), System.nanoTime());
            HostExtensions ext = HostExtensions.open(info, config);
            List<HostImport> imports = new ArrayList<>(YomoHostFunctions.standalone(source.name()));
            imports.addAll(ext.imports());
            try {
                instance = WasmEngine.create(config).instantiate(source, imports);
            } catch (RuntimeException e) {
                ext.close();
                throw e;
            }
            ext.bindCallBudget(instance::remainingCallNanos);
            extensions = ext;
        }
        return instance;
    }

    WasmFunction function(String export) {
        return instance().function(export);
    }

    boolean exports(String export) {
        return instance().info().exportsFunction(export);
    }

    /** Drops the instance after a trap; the next call builds a fresh one. */
    void discard(WasmTrapException e) {
        close();
    }

    void close() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
        if (extensions != null) {
            extensions.close();
            extensions = null;
        }
    }
}
