package dev.flinkyomo.wasm.runtime.wasmtime;

import dev.flinkyomo.wasm.runtime.CallGuard;
import dev.flinkyomo.wasm.runtime.CallWatchdog;
import dev.flinkyomo.wasm.runtime.GuestLog;
import dev.flinkyomo.wasm.runtime.GuestMemory;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.WasmFunction;
import dev.flinkyomo.wasm.runtime.WasmInstance;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmSignature;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.runtime.WasmTrapException.Kind;
import dev.flinkyomo.wasm.runtime.WasmValueType;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Trap;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;
import io.github.kawamuray.wasmtime.wasi.WasiCtx;
import io.github.kawamuray.wasmtime.wasi.WasiCtxBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One wasmtime store + instance. Imports are passed in import order, so no command-module wrapping.
 */
final class WasmtimeInstance implements WasmInstance {

    private final WasmModuleInfo info;
    private final int memoryCap;
    private final long deadlineTicks;
    private final CallGuard guard;
    private final Store<Void> store;
    private final Linker linker;
    private final List<Func> hostFuncs = new ArrayList<>();
    private final Instance instance;
    private final WasmtimeMemory memory;
    private WasiStdioPipe stdout;
    private WasiStdioPipe stderr;
    private boolean closed;

    /**
     * Takes over one use of {@code ticker}'s engine ({@link WasmtimeEngine#acquire()}) and gives it
     * back on {@link #close()}; the caller gives it back if this constructor throws.
     */
    WasmtimeInstance(
            WasmtimeEngine.EpochTicker ticker,
            Module module,
            WasmModuleInfo info,
            List<HostImport> linked,
            WasmRuntimeConfig config,
            int memoryCap) {
        this.info = info;
        this.memoryCap = memoryCap;
        long tickNanos = CallWatchdog.TICK_MILLIS * 1_000_000L;
        this.deadlineTicks = (config.callTimeout().toNanos() + tickNanos - 1) / tickNanos + 1;
        Engine engine = ticker.engine;
        this.guard = CallWatchdog.get().newGuard(config.callTimeout().toNanos(), false, ticker);
        boolean wasi = info.importsModule(WasmModuleInfo.WASI_MODULE);
        // No stdin, args, env or preopened directories: WASI calls for them fail inside the guest.
        // stdout and stderr go through named pipes into the task log, like Chicory's GuestLog.
        WasiCtx wasiCtx = null;
        if (wasi) {
            String name = info.moduleName();
            stdout =
                    WasiStdioPipe.open(
                            name,
                            "stdout",
                            new GuestLog(name, false, config.guestLogBytesPerMinute()));
            stderr =
                    WasiStdioPipe.open(
                            name,
                            "stderr",
                            new GuestLog(name, true, config.guestLogBytesPerMinute()));
            WasiCtxBuilder builder = new WasiCtxBuilder();
            if (stdout != null) {
                builder.stdout(stdout.path());
            }
            if (stderr != null) {
                builder.stderr(stderr.path());
            }
            wasiCtx = builder.build();
        }
        this.store =
                wasiCtx == null ? new Store<>(null, engine) : new Store<>(null, engine, wasiCtx);
        this.linker = new Linker(engine);
        try {
            if (wasi) {
                WasiCtx.addToLinker(linker);
            }
            Map<String, HostImport> byName = new HashMap<>();
            for (HostImport h : linked) {
                byName.put(h.qualifiedName(), h);
            }
            List<Extern> externs = new ArrayList<>();
            WasmtimeInstance self = this;
            for (WasmModuleInfo.ImportedFunction imp : info.imports()) {
                if (imp.module().equals(WasmModuleInfo.WASI_MODULE)) {
                    externs.add(
                            linker.get(store, imp.module(), imp.name())
                                    .orElseThrow(
                                            () ->
                                                    new WasmLoadException(
                                                            info.moduleName(),
                                                            "wasmtime's WASI lacks "
                                                                    + imp.qualifiedName())));
                } else {
                    Func f = hostFunc(byName.get(imp.qualifiedName()), self);
                    hostFuncs.add(f);
                    externs.add(Extern.fromFunc(f));
                }
            }
            store.setEpochDeadline(deadlineTicks);
            this.instance = new Instance(store, module, externs);
            this.memory =
                    instance.getMemory(store, "memory")
                            .map(m -> new WasmtimeMemory(store, m))
                            .orElse(null);
        } catch (WasmtimeException | WasmFunctionError e) {
            guard.close();
            disposeAll();
            throw new WasmLoadException(
                    info.moduleName(), "wasmtime instantiation failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            guard.close(); // an open guard would keep the watchdog, and so this engine, alive
            disposeAll();
            throw e;
        }
        if (memory != null && memory.pages() > memoryCap) {
            guard.close();
            instance.dispose();
            disposeAll();
            throw new WasmLoadException(
                    info.moduleName(),
                    "its memory starts above the cap of " + memoryCap + " pages");
        }
    }

    private Func hostFunc(HostImport h, WasmtimeInstance self) {
        WasmSignature sig = h.signature();
        FuncType type = new FuncType(valTypes(sig.params()), valTypes(sig.results()));
        return new Func(
                store,
                type,
                (caller, params, results) -> {
                    long[] args = new long[params.length];
                    for (int i = 0; i < params.length; i++) {
                        args[i] = toRaw(params[i]);
                    }
                    long[] out = h.call().apply(self.memory(), args);
                    for (int i = 0; i < results.length; i++) {
                        results[i] = toVal(sig.results().get(i), out[i]);
                    }
                });
    }

    @Override
    public WasmModuleInfo info() {
        return info;
    }

    @Override
    public GuestMemory memory() {
        if (memory == null) {
            throw new IllegalStateException(
                    "Wasm module '" + info.moduleName() + "' exports no memory named 'memory'");
        }
        return memory;
    }

    @Override
    public WasmFunction function(String exportName) {
        WasmSignature sig = info.exports().get(exportName);
        Func func = sig == null ? null : instance.getFunc(store, exportName).orElse(null);
        if (func == null) {
            throw new WasmLoadException(
                    info.moduleName(), "it has no exported function " + exportName);
        }
        return args -> call(exportName, func, sig, args);
    }

    private long[] call(String name, Func func, WasmSignature sig, long[] args) {
        Val[] in = new Val[args.length];
        for (int i = 0; i < args.length; i++) {
            in[i] = toVal(sig.params().get(i), args[i]);
        }
        store.setEpochDeadline(deadlineTicks);
        guard.begin();
        Val[] out;
        try {
            out = func.call(store, in);
        } catch (WasmFunctionError.TrapError e) {
            boolean overdue = guard.end();
            if (e.trap() == Trap.INTERRUPT) {
                throw new WasmTrapException(
                        Kind.TIMEOUT,
                        info.moduleName(),
                        name,
                        "exceeded the call timeout of "
                                + guard.timeoutNanos() / 1_000_000
                                + " ms"
                                + (overdue ? "" : " (epoch deadline)"),
                        e);
            }
            throw trap(name, "wasm trap: " + e.trap(), e);
        } catch (WasmFunctionError.I32ExitError e) {
            guard.end();
            throw WasmTrapException.exit(info.moduleName(), name, e.exitCode(), e);
        } catch (RuntimeException e) {
            guard.end();
            throw trap(name, e.toString(), e);
        }
        guard.end(); // no memory check needed: the module was compiled with the cap as its maximum
        long[] result = new long[out.length];
        for (int i = 0; i < out.length; i++) {
            result[i] = toRaw(out[i]);
        }
        return result;
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

    private static Val.Type[] valTypes(List<WasmValueType> types) {
        Val.Type[] out = new Val.Type[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Val.Type.valueOf(types.get(i).name());
        }
        return out;
    }

    private static Val toVal(WasmValueType type, long raw) {
        switch (type) {
            case I32:
                return Val.fromI32((int) raw);
            case I64:
                return Val.fromI64(raw);
            case F32:
                return Val.fromF32(Float.intBitsToFloat((int) raw));
            default:
                return Val.fromF64(Double.longBitsToDouble(raw));
        }
    }

    private static long toRaw(Val v) {
        switch (v.getType()) {
            case I32:
                return v.i32();
            case I64:
                return v.i64();
            case F32:
                return Float.floatToRawIntBits(v.f32());
            case F64:
                return Double.doubleToRawLongBits(v.f64());
            default:
                throw new IllegalArgumentException("unsupported wasmtime value " + v);
        }
    }

    private void disposeAll() {
        for (Func f : hostFuncs) {
            f.dispose();
        }
        linker.dispose();
        store.dispose(); // closes wasmtime's ends of the stdio pipes
        for (WasiStdioPipe pipe : new WasiStdioPipe[] {stdout, stderr}) {
            if (pipe != null) {
                pipe.close();
            }
        }
    }

    @Override
    public long remainingCallNanos() {
        return guard.remainingNanos();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        guard.close();
        if (instance != null) {
            instance.dispose();
        }
        disposeAll();
        WasmtimeEngine.release();
    }
}
