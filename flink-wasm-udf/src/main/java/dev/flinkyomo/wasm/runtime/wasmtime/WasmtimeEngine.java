package dev.flinkyomo.wasm.runtime.wasmtime;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.wasm.runtime.CallWatchdog;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.ImportLinker;
import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmInstance;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmMemoryLimit;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.WasmtimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wasmtime-java engine: one native {@link Engine} per class loader with epoch interruption (the
 * watchdog bumps the epoch every tick), modules compiled once per content hash.
 *
 * <p>wasmtime-java 0.19.0 has no store limiter, so the memory cap is written into the module's
 * memory declaration before compiling ({@link WasmMemoryLimit}): wasmtime then refuses growth past
 * it, as Chicory does with its memory limits.
 */
@Internal
public final class WasmtimeEngine implements WasmEngine {

    private static final Logger LOG = LoggerFactory.getLogger(WasmtimeEngine.class);

    private static Engine sharedEngine;
    private static final Map<String, Module> MODULES = new ConcurrentHashMap<>();

    private final WasmRuntimeConfig config;

    public WasmtimeEngine(WasmRuntimeConfig config) {
        this.config = config;
    }

    static synchronized Engine engine() {
        if (sharedEngine == null) {
            WasmtimeNativeLoader.ensureLoaded();
            Engine engine = new Engine(new Config().epochInterruption(true));
            CallWatchdog.get().addTicker(engine::incrementEpoch);
            sharedEngine = engine;
        }
        return sharedEngine;
    }

    @Override
    public WasmInstance instantiate(WasmModuleSource source, List<HostImport> hostImports) {
        WasmModuleInfo info = WasmModuleInfo.inspect(source);
        List<HostImport> linked = ImportLinker.link(info, hostImports);
        int cap = ImportLinker.memoryCap(info, config);
        Engine engine = engine();
        Module module =
                MODULES.computeIfAbsent(
                        source.sha256() + "/" + cap,
                        k -> {
                            long start = System.nanoTime();
                            byte[] capped =
                                    WasmMemoryLimit.withMaximumPages(
                                            source.name(), source.bytes(), cap);
                            try {
                                Module m = Module.fromBinary(engine, capped);
                                LOG.info(
                                        "Compiled Wasm module {} with wasmtime in {} ms",
                                        source,
                                        (System.nanoTime() - start) / 1_000_000);
                                return m;
                            } catch (WasmtimeException e) {
                                throw new WasmLoadException(
                                        source.name(),
                                        "wasmtime could not compile it: " + e.getMessage(),
                                        e);
                            }
                        });
        return new WasmtimeInstance(engine, module, info, linked, config, cap);
    }
}
