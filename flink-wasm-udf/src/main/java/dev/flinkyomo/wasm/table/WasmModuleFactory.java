package dev.flinkyomo.wasm.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModuleFactory;
import org.apache.flink.table.module.Module;

import dev.flinkyomo.wasm.config.WasmOptions;
import dev.flinkyomo.wasm.host.HostExtensions;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code LOAD MODULE wasm WITH ('path' = '...', 'wasm.engine' = 'chicory', ...)}. */
@PublicEvolving
public final class WasmModuleFactory implements ModuleFactory {

    public static final String IDENTIFIER = "wasm";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(WasmOptions.PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options =
                new LinkedHashSet<>(
                        List.of(
                                WasmOptions.ENGINE,
                                WasmOptions.CHICORY_MODE,
                                WasmOptions.CALL_TIMEOUT,
                                WasmOptions.MAX_MEMORY_PAGES,
                                WasmOptions.GUEST_LOG_BYTES_PER_MINUTE,
                                WasmOptions.SQL_ON_ERROR));
        // e.g. WASI-NN's wasm.nn.* when flink-wasm-nn is on the class path
        options.addAll(HostExtensions.providerOptions());
        return options;
    }

    @Override
    public Module createModule(Context context) {
        FactoryUtil.ModuleFactoryHelper helper =
                FactoryUtil.createModuleFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        List<WasmModuleSource> sources =
                options.get(WasmOptions.PATH).stream()
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .map(WasmModuleSource::fromLocation)
                        .collect(Collectors.toList());
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(
                    "Option 'path' of module 'wasm' names no .wasm file");
        }
        return new WasmFunctionModule(
                sources, WasmOptions.runtimeConfig(options), options.get(WasmOptions.SQL_ON_ERROR));
    }
}
