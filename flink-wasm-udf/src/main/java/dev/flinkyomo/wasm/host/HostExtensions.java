package dev.flinkyomo.wasm.host;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

import dev.flinkyomo.wasm.runtime.GuestMemory;
import dev.flinkyomo.wasm.runtime.HostImport;
import dev.flinkyomo.wasm.runtime.HostOptions;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmSignature;
import dev.flinkyomo.wasm.runtime.WasmValueType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The {@link HostImportProvider}s a Wasm instance needs: those serving an import module the Wasm
 * module uses, opened for one instance and closed with it. Modules that import nothing beyond
 * {@code env} and WASI never load a provider.
 */
@Internal
public final class HostExtensions implements AutoCloseable {

    /** Served by flink-wasm-udf itself: YoMo's host ABI and WASI preview 1. */
    private static final Set<String> BUILT_IN = Set.of("env", WasmModuleInfo.WASI_MODULE);

    private static final HostExtensions NONE = new HostExtensions(List.of(), List.of(), null);

    private final List<HostImports> opened;
    private final List<HostImport> imports;
    private final Context context;

    private HostExtensions(List<HostImports> opened, List<HostImport> imports, Context context) {
        this.opened = opened;
        this.imports = imports;
        this.context = context;
    }

    /** Every provider on the class path of this module's class loader (the user-code one). */
    public static List<HostImportProvider> providers() {
        List<HostImportProvider> all = new ArrayList<>();
        ServiceLoader.load(HostImportProvider.class, HostImportProvider.class.getClassLoader())
                .forEach(all::add);
        return all;
    }

    /** The options of every provider, for {@code LOAD MODULE wasm}'s validation. */
    public static Set<ConfigOption<?>> providerOptions() {
        Set<ConfigOption<?>> all = new LinkedHashSet<>();
        providers().forEach(p -> all.addAll(p.options()));
        return all;
    }

    /**
     * On the client: every provider's options found in {@code config}, plus what the providers ship
     * (see {@link HostImportProvider#prepare}).
     */
    public static HostOptions fromConfig(ReadableConfig config) {
        HostOptions.Builder b = HostOptions.builder();
        for (HostImportProvider p : providers()) {
            for (ConfigOption<?> option : p.options()) {
                b.copy(option, config);
            }
            p.prepare(config, b);
        }
        return b.build();
    }

    /**
     * Opens the providers serving the non-built-in import modules of {@code info}.
     *
     * @throws WasmLoadException if the module imports a module no provider serves
     */
    public static HostExtensions open(WasmModuleInfo info, WasmRuntimeConfig config) {
        Set<String> wanted = new LinkedHashSet<>();
        for (WasmModuleInfo.ImportedFunction imp : info.imports()) {
            if (!BUILT_IN.contains(imp.module())) {
                wanted.add(imp.module());
            }
        }
        if (wanted.isEmpty()) {
            return NONE;
        }
        Context context = new Context(info.moduleName(), config);
        List<HostImports> opened = new ArrayList<>();
        List<HostImport> imports = new ArrayList<>();
        try {
            for (HostImportProvider p : providers()) {
                if (p.importModules().stream().noneMatch(wanted::contains)) {
                    continue;
                }
                HostImports set = p.open(context);
                opened.add(set);
                for (HostFunction f : set.functions()) {
                    imports.add(toHostImport(f));
                }
                wanted.removeAll(p.importModules());
            }
            if (!wanted.isEmpty()) {
                throw new WasmLoadException(
                        info.moduleName(),
                        "it imports from "
                                + wanted
                                + ", which no "
                                + HostImportProvider.class.getName()
                                + " on the class path serves (META-INF/services)");
            }
        } catch (RuntimeException e) {
            opened.forEach(HostImports::close);
            throw e;
        }
        return new HostExtensions(opened, List.copyOf(imports), context);
    }

    /** The host imports to link, beside the built-in ones. */
    public List<HostImport> imports() {
        return imports;
    }

    /** Once the instance exists: where host functions learn the time left of the running call. */
    public void bindCallBudget(LongSupplier remainingCallNanos) {
        if (context != null) {
            context.remaining = remainingCallNanos;
        }
    }

    @Override
    public void close() {
        for (HostImports set : opened) {
            set.close();
        }
    }

    private static HostImport toHostImport(HostFunction f) {
        WasmSignature sig = new WasmSignature(types(f.params()), types(f.results()));
        HostFunction.Body body = f.body();
        GuestMemoryView[] view = new GuestMemoryView[1]; // the instance's memory object, cached
        return new HostImport(
                f.module(),
                f.name(),
                sig,
                (GuestMemory m, long[] args) -> {
                    GuestMemoryView v = view[0];
                    if (v == null || v.memory() != m) {
                        v = new GuestMemoryView(m);
                        view[0] = v;
                    }
                    return body.call(v, args);
                });
    }

    private static List<WasmValueType> types(List<HostValueType> types) {
        List<WasmValueType> out = new ArrayList<>(types.size());
        for (HostValueType t : types) {
            out.add(WasmValueType.valueOf(t.name()));
        }
        return out;
    }

    private static final class Context implements HostContext {
        private final String moduleName;
        private final WasmRuntimeConfig config;
        private volatile LongSupplier remaining;

        Context(String moduleName, WasmRuntimeConfig config) {
            this.moduleName = moduleName;
            this.config = config;
            long whole = config.callTimeout().toNanos();
            this.remaining = () -> whole;
        }

        @Override
        public String moduleName() {
            return moduleName;
        }

        @Override
        public WasmRuntimeConfig runtimeConfig() {
            return config;
        }

        @Override
        public long remainingCallNanos() {
            return remaining.getAsLong();
        }
    }
}
