package dev.flinkyomo.wasm.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.module.Module;

import dev.flinkyomo.wasm.config.SqlErrorPolicy;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Flink {@link Module} exposing the functions of one or more Wasm modules by name: {@code LOAD
 * MODULE wasm WITH ('path' = '/opt/udf/numeric.wasm;/opt/udf/uppercase.wasm')}. Modules are read
 * and inspected on the client when the module is loaded.
 */
@PublicEvolving
public final class WasmFunctionModule implements Module {

    private final Map<String, UserDefinedFunction> functions = new LinkedHashMap<>();

    public WasmFunctionModule(
            List<WasmModuleSource> sources, WasmRuntimeConfig config, SqlErrorPolicy onError) {
        Map<String, String> origin = new LinkedHashMap<>();
        for (WasmModuleSource source : sources) {
            WasmFunctions.of(source, config, onError)
                    .forEach(
                            (name, fn) -> {
                                String previous = origin.putIfAbsent(name, source.name());
                                if (previous != null) {
                                    throw new WasmLoadException(
                                            source.name(),
                                            "function '"
                                                    + name
                                                    + "' is also defined by "
                                                    + previous);
                                }
                                functions.put(name, fn);
                            });
        }
    }

    @Override
    public Set<String> listFunctions() {
        return functions.keySet();
    }

    @Override
    public Optional<FunctionDefinition> getFunctionDefinition(String name) {
        return Optional.ofNullable(functions.get(name.toLowerCase(Locale.ROOT)));
    }
}
