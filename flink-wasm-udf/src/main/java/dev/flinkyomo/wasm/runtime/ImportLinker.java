package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a module's function imports against the host imports on offer, in import order, with a
 * clear error for anything missing or mistyped. WASI imports are left to the engine.
 */
@Internal
public final class ImportLinker {

    private ImportLinker() {}

    public static List<HostImport> link(WasmModuleInfo info, List<HostImport> offered) {
        Map<String, HostImport> byName = new HashMap<>();
        for (HostImport h : offered) {
            byName.put(h.qualifiedName(), h);
        }
        List<HostImport> linked = new ArrayList<>();
        for (WasmModuleInfo.ImportedFunction imp : info.imports()) {
            if (imp.module().equals(WasmModuleInfo.WASI_MODULE)) {
                continue;
            }
            HostImport host = byName.get(imp.qualifiedName());
            if (host == null) {
                throw new WasmLoadException(
                        info.moduleName(),
                        "it imports "
                                + imp.qualifiedName()
                                + " "
                                + imp.signature()
                                + ", which this host does not provide");
            }
            if (!host.signature().equals(imp.signature())) {
                throw new WasmLoadException(
                        info.moduleName(),
                        "it imports "
                                + imp.qualifiedName()
                                + " as "
                                + imp.signature()
                                + " but the host defines "
                                + host.signature());
            }
            linked.add(host);
        }
        return linked;
    }

    /**
     * The effective memory cap for a module, or an error if even its initial memory is over the
     * cap.
     */
    public static int memoryCap(WasmModuleInfo info, WasmRuntimeConfig config) {
        if (info.initialPages() > config.maxMemoryPages()) {
            throw new WasmLoadException(
                    info.moduleName(),
                    "its initial memory is "
                            + info.initialPages()
                            + " pages but the memory cap is "
                            + config.maxMemoryPages()
                            + " pages");
        }
        return Math.min(info.maximumPages(), config.maxMemoryPages());
    }
}
