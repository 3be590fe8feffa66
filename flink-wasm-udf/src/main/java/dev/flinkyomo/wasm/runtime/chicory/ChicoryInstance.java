package dev.flinkyomo.wasm.runtime.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.flinkyomo.wasm.runtime.CallGuard;
import dev.flinkyomo.wasm.runtime.CallWatchdog;
import dev.flinkyomo.wasm.runtime.GuestMemory;
import dev.flinkyomo.wasm.runtime.WasmFunction;
import dev.flinkyomo.wasm.runtime.WasmInstance;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.runtime.WasmTrapException.Kind;

/** A Chicory instance with every export call bracketed by the timeout guard. */
final class ChicoryInstance implements WasmInstance {

    private static final long[] NO_RESULTS = new long[0];

    private final WasmModuleInfo info;
    private final int memoryCap;
    private final long timeoutNanos;
    private CallGuard guard;
    private Instance instance;
    private WasiPreview1 wasi;
    private ChicoryMemory memory;

    ChicoryInstance(WasmModuleInfo info, WasmRuntimeConfig config, int memoryCap) {
        this.info = info;
        this.memoryCap = memoryCap;
        this.timeoutNanos = config.callTimeout().toNanos();
    }

    /** Only once the instance exists is there a guard: a failed load leaves no guard open. */
    void attach(Instance instance, WasiPreview1 wasi) {
        this.guard = CallWatchdog.get().newGuard(timeoutNanos, true);
        this.instance = instance;
        this.wasi = wasi;
        this.memory = info.hasMemory() ? new ChicoryMemory(instance.memory()) : null;
    }

    @Override
    public WasmModuleInfo info() {
        return info;
    }

    @Override
    public GuestMemory memory() {
        if (memory == null) {
            throw new IllegalStateException(
                    "Wasm module '" + info.moduleName() + "' has no linear memory");
        }
        return memory;
    }

    @Override
    public WasmFunction function(String exportName) {
        if (!info.exportsFunction(exportName)) {
            throw new WasmLoadException(
                    info.moduleName(), "it has no exported function " + exportName);
        }
        ExportFunction export = instance.export(exportName);
        return args -> call(exportName, export, args);
    }

    private long[] call(String name, ExportFunction export, long[] args) {
        guard.begin();
        boolean overdue;
        try {
            long[] result = export.apply(args);
            guard.end();
            return result == null ? NO_RESULTS : result;
        } catch (ChicoryInterruptedException e) {
            overdue = guard.end();
            if (overdue) {
                throw new WasmTrapException(
                        Kind.TIMEOUT,
                        info.moduleName(),
                        name,
                        "exceeded the call timeout of " + guard.timeoutNanos() / 1_000_000 + " ms",
                        e);
            }
            Thread.currentThread().interrupt();
            throw new WasmTrapException(
                    Kind.INTERRUPTED, info.moduleName(), name, "calling thread interrupted", e);
        } catch (WasiExitException e) {
            guard.end();
            throw WasmTrapException.exit(info.moduleName(), name, e.exitCode(), e);
        } catch (ChicoryException e) {
            guard.end();
            throw trap(name, String.valueOf(e.getMessage()), e);
        } catch (StackOverflowError e) {
            guard.end();
            throw new WasmTrapException(
                    Kind.TRAP, info.moduleName(), name, "call stack exhausted", null);
        } catch (RuntimeException e) {
            // Host functions and the memory accessors throw plain runtime exceptions.
            guard.end();
            throw trap(name, e.toString(), e);
        }
    }

    private WasmTrapException trap(String name, String detail, Throwable cause) {
        return WasmTrapException.trap(
                info.moduleName(),
                name,
                detail,
                cause,
                memory == null ? 0 : memory.pages(),
                memoryCap);
    }

    @Override
    public long remainingCallNanos() {
        return guard.remainingNanos();
    }

    @Override
    public void close() {
        if (guard != null) {
            guard.close();
        }
        if (wasi != null) {
            wasi.close();
        }
        instance = null;
    }
}
