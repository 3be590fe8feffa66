package dev.flinkyomo.wasm.runtime.wasmtime;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import dev.flinkyomo.wasm.runtime.CallWatchdog;
import dev.flinkyomo.wasm.runtime.CompileCache;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.ImportLinker;
import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmInstance;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmMemoryLimit;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmModuleLimits;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.WasmtimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The wasmtime-java engine: one native {@link Engine} per class loader with epoch interruption (the
 * watchdog bumps the epoch every tick while a wasmtime instance is open), modules compiled once per
 * content hash on a compile thread within the compile timeout ({@link CompileCache}).
 *
 * <p>wasmtime-java 0.19.0 has no store limiter, so the memory cap is written into the module's
 * memory declaration before compiling ({@link WasmMemoryLimit}): wasmtime then refuses growth past
 * it, as Chicory does with its memory limits.
 *
 * <p>Native memory: wasmtime-java frees nothing by itself (no cleaner, no finalizer), so the engine
 * and its compiled modules are disposed here once no instance or compile uses them and the watchdog
 * has stopped ({@link CallWatchdog#LINGER_MILLIS} after the last instance closed). Before, a job
 * submission on a session cluster left its engine and modules allocated for the life of the task
 * manager. The next instance makes a new engine and compiles again.
 */
@Internal
public final class WasmtimeEngine implements WasmEngine {

    private static final Logger LOG = LoggerFactory.getLogger(WasmtimeEngine.class);

    /** Bumps the epoch of one engine; told when the watchdog stops. */
    static final class EpochTicker implements CallWatchdog.Ticker {
        final Engine engine;

        EpochTicker(Engine engine) {
            this.engine = engine;
        }

        @Override
        public void tick() {
            engine.incrementEpoch();
        }

        @Override
        public void stopped() {
            disposeIfUnused(this);
        }
    }

    /**
     * Not bounded: disposing an evicted native module could free it under a load that has just
     * taken it from the cache. It is emptied instead when the last wasmtime instance closes ({@link
     * #disposeIfUnused}).
     */
    private static final CompileCache<Module> MODULES =
            new CompileCache<>("compiling it with wasmtime", Module::dispose, Integer.MAX_VALUE);

    // guarded by WasmtimeEngine.class
    private static EpochTicker ticker;
    private static int users; // open instances and loads in progress

    private final WasmRuntimeConfig config;

    public WasmtimeEngine(WasmRuntimeConfig config) {
        this.config = config;
    }

    /** The engine's ticker, counting one more user until {@link #release()}. */
    static synchronized EpochTicker acquire() {
        if (ticker == null) {
            WasmtimeNativeLoader.ensureLoaded();
            ticker = new EpochTicker(new Engine(new Config().epochInterruption(true)));
        }
        users++;
        return ticker;
    }

    static synchronized void release() {
        users--;
    }

    private static synchronized void disposeIfUnused(EpochTicker stopped) {
        if (stopped != ticker || users > 0 || MODULES.running() > 0) {
            // A newer engine, or an instance or a compile (perhaps an abandoned one) is still on
            // this one: it stays until the watchdog stops again with nothing using it.
            return;
        }
        MODULES.clear();
        ticker.engine.dispose();
        ticker = null;
        LOG.info("Disposed the wasmtime engine and its compiled modules: no instance left");
    }

    /** Native wasmtime objects this class holds: the engine and compiled modules. */
    @VisibleForTesting
    public static synchronized int nativeHandles() {
        return (ticker == null ? 0 : 1) + MODULES.size();
    }

    @Override
    public WasmInstance instantiate(WasmModuleSource source, List<HostImport> hostImports) {
        WasmModuleLimits.checkSize(source, config);
        long loadStart = System.nanoTime();
        WasmModuleInfo info = WasmModuleInfo.inspect(source, config.compileTimeout(), loadStart);
        WasmModuleLimits.checkTables(info, config);
        List<HostImport> linked = ImportLinker.link(info, hostImports);
        int cap = ImportLinker.memoryCap(info, config);
        EpochTicker engine = acquire();
        try {
            Module module =
                    MODULES.get(
                            source.sha256() + "/" + cap,
                            source.name(),
                            config.compileTimeout(),
                            loadStart,
                            () -> compile(engine.engine, source, cap));
            return new WasmtimeInstance(engine, module, info, linked, config, cap);
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    private static Module compile(Engine engine, WasmModuleSource source, int cap) {
        try {
            long start = System.nanoTime();
            byte[] capped = WasmMemoryLimit.withMaximumPages(source.name(), source.bytes(), cap);
            Module m = Module.fromBinary(engine, capped);
            LOG.info(
                    "Compiled Wasm module {} with wasmtime in {} ms",
                    source,
                    (System.nanoTime() - start) / 1_000_000);
            return m;
        } catch (WasmtimeException e) {
            throw new WasmLoadException(
                    source.name(), "wasmtime could not compile it: " + e.getMessage(), e);
        }
    }
}
