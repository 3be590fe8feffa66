package dev.flinkyomo.wasm.runtime.chicory;

import org.apache.flink.annotation.Internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.CompileCache;
import dev.flinkyomo.wasm.runtime.GuestLog;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.ImportLinker;
import dev.flinkyomo.wasm.runtime.PrecompiledGuests;
import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmInstance;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmModuleLimits;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Chicory engine. A module is parsed and (in {@link ChicoryMode#COMPILED} mode) compiled to JVM
 * bytecode once per content hash and class loader, on a compile thread within the compile timeout
 * ({@link CompileCache}); every instance reuses that machine factory. The bundled guests are not
 * compiled here: their machines were compiled at build time ({@link PrecompiledGuests}).
 */
@Internal
public final class ChicoryEngine implements WasmEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ChicoryEngine.class);

    /** A parsed module, its machine factory and whether that was compiled at build time. */
    static final class Prepared {
        final WasmModuleInfo info;
        final Function<Instance, Machine> machineFactory;
        final boolean precompiled;

        Prepared(
                WasmModuleInfo info,
                Function<Instance, Machine> machineFactory,
                boolean precompiled) {
            this.info = info;
            this.machineFactory = machineFactory;
            this.precompiled = precompiled;
        }
    }

    private static final CompileCache<Prepared> CACHE =
            new CompileCache<>(
                    "compiling it with Chicory", p -> {}, CompileCache.DEFAULT_MAX_ENTRIES);

    private final WasmRuntimeConfig config;

    public ChicoryEngine(WasmRuntimeConfig config) {
        this.config = config;
    }

    @Override
    public WasmInstance instantiate(WasmModuleSource source, List<HostImport> hostImports) {
        WasmModuleLimits.checkSize(source, config);
        Prepared prepared = prepare(source, config.chicoryMode(), config.compileTimeout());
        WasmModuleInfo info = prepared.info;
        WasmModuleLimits.checkTables(info, config);
        List<HostImport> linked = ImportLinker.link(info, hostImports);
        int cap = ImportLinker.memoryCap(info, config);

        ChicoryInstance holder = new ChicoryInstance(info, config, cap);
        ImportValues.Builder imports = ImportValues.builder();
        for (HostImport h : linked) {
            imports.addFunction(toChicory(h, holder));
        }
        WasiPreview1 wasi = null;
        if (info.importsModule(WasmModuleInfo.WASI_MODULE)) {
            wasi =
                    WasiPreview1.builder()
                            .withOptions(
                                    WasiOptions.builder()
                                            .withStdin(InputStream.nullInputStream())
                                            .withStdout(
                                                    new GuestLog(
                                                            source.name(),
                                                            false,
                                                            config.guestLogBytesPerMinute()))
                                            .withStderr(
                                                    new GuestLog(
                                                            source.name(),
                                                            true,
                                                            config.guestLogBytesPerMinute()))
                                            .build())
                            .build();
            imports.addFunction(wasi.toHostFunctions());
        }
        Instance.Builder builder =
                Instance.builder(info.parsed())
                        .withImportValues(imports.build())
                        .withMachineFactory(prepared.machineFactory)
                        .withStart(false);
        if (info.hasMemory()) {
            builder.withMemoryLimits(new MemoryLimits(info.initialPages(), cap))
                    .withMemoryFactory(ByteArrayMemory::new);
        }
        try {
            holder.attach(builder.build(), wasi);
        } catch (ChicoryException | IllegalArgumentException e) {
            holder.close();
            throw new WasmLoadException(
                    source.name(), "instantiation failed: " + e.getMessage(), e);
        }
        return holder;
    }

    static Prepared prepare(WasmModuleSource source, ChicoryMode mode, Duration timeout) {
        long loadStart = System.nanoTime();
        WasmModuleInfo info = WasmModuleInfo.inspect(source, timeout, loadStart);
        return CACHE.get(
                source.sha256() + "/" + mode,
                source.name(),
                timeout,
                loadStart,
                () -> {
                    long start = System.nanoTime();
                    Function<Instance, Machine> factory;
                    Optional<PrecompiledGuests.Guest> precompiled =
                            mode == ChicoryMode.COMPILED
                                    ? PrecompiledGuests.forDigest(source.sha256())
                                    : Optional.empty();
                    // The interpreter runs the module's code, which a bundled guest's info lacks.
                    WasmModuleInfo code =
                            info.codeStripped() && precompiled.isEmpty()
                                    ? WasmModuleInfo.inspectCode(source)
                                    : info;
                    if (precompiled.isPresent()) {
                        factory = precompiled.get().machineFactory();
                    } else if (mode == ChicoryMode.COMPILED) {
                        try {
                            factory =
                                    MachineFactoryCompiler.builder(code.parsed())
                                            .withInterpreterFallback(InterpreterFallback.WARN)
                                            .compile();
                        } catch (ChicoryException | IllegalArgumentException e) {
                            throw new WasmLoadException(
                                    source.name(),
                                    "Chicory could not compile it: " + e.getMessage(),
                                    e);
                        }
                    } else {
                        factory = InterpreterMachine::new;
                    }
                    LOG.info(
                            "Prepared Wasm module {} for Chicory {}{} in {} ms",
                            source,
                            mode,
                            precompiled.isPresent() ? " (precompiled at build time)" : "",
                            (System.nanoTime() - start) / 1_000_000);
                    return new Prepared(code, factory, precompiled.isPresent());
                });
    }

    private static HostFunction toChicory(HostImport h, ChicoryInstance holder) {
        FunctionType type =
                FunctionType.of(
                        valTypes(h.signature().params()), valTypes(h.signature().results()));
        return new HostFunction(
                h.module(),
                h.name(),
                type,
                (instance, args) -> {
                    long[] result = h.call().apply(holder.memory(), args);
                    return result.length == 0 ? null : result;
                });
    }

    private static List<ValType> valTypes(List<WasmValueType> types) {
        List<ValType> out = new ArrayList<>(types.size());
        for (WasmValueType t : types) {
            switch (t) {
                case I32:
                    out.add(ValType.I32);
                    break;
                case I64:
                    out.add(ValType.I64);
                    break;
                case F32:
                    out.add(ValType.F32);
                    break;
                default:
                    out.add(ValType.F64);
            }
        }
        return out;
    }
}
