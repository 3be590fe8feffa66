package dev.flinkyomo.wasm.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

import dev.flinkyomo.wasm.config.SqlErrorPolicy;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleInfo;
import dev.flinkyomo.wasm.runtime.WasmModuleLimits;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmSignature;
import dev.flinkyomo.wasm.runtime.WasmValueType;
import dev.flinkyomo.wasm.yomo.YomoAbi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a Wasm module into SQL functions, named after their exports:
 *
 * <ul>
 *   <li>an export with number-only parameters and one number result: {@link WasmNumericFunction};
 *   <li>{@code str_*} / {@code bytes_*} exports of type {@code (i32, i32) -> i64} in a module that
 *       exports {@code alloc}: {@link WasmBytesFunction};
 *   <li>a YoMo stream function module: a {@link WasmStreamTableFunction} named after the file plus
 *       {@code _sfn} (e.g. {@code uppercase.wasm} gives {@code uppercase_sfn}; the suffix keeps it
 *       clear of built-in names such as Flink's {@code uppercase}).
 * </ul>
 *
 * <p>ABI plumbing exports ({@code yomo_*}, {@code _start}, {@code _initialize}, {@code alloc},
 * {@code dealloc}) are not exposed. Table API use: {@link #register}.
 */
@PublicEvolving
public final class WasmFunctions {

    private static final List<String> PLUMBING =
            List.of("_start", "_initialize", WasmBytesFunction.ALLOC, WasmBytesFunction.DEALLOC);
    private static final WasmSignature PTR_LEN_TO_PACKED =
            WasmSignature.of(List.of(WasmValueType.I32, WasmValueType.I32), WasmValueType.I64);

    private WasmFunctions() {}

    /** Function name (lower case) to function, in export order. */
    public static Map<String, UserDefinedFunction> of(
            WasmModuleSource source, WasmRuntimeConfig config, SqlErrorPolicy onError) {
        // The limits hold at planning time too: a module over them fails here, in the client.
        WasmModuleLimits.checkSize(source, config);
        WasmModuleInfo info =
                WasmModuleInfo.inspect(source, config.compileTimeout(), System.nanoTime());
        WasmModuleLimits.checkTables(info, config);
        Map<String, UserDefinedFunction> out = new LinkedHashMap<>();
        boolean hasAlloc = info.exportsFunction(WasmBytesFunction.ALLOC);
        for (Map.Entry<String, WasmSignature> e : info.exports().entrySet()) {
            String name = e.getKey();
            WasmSignature sig = e.getValue();
            if (name.startsWith("yomo_") || PLUMBING.contains(name)) {
                continue;
            }
            boolean bytesConvention =
                    name.startsWith(WasmBytesFunction.STRING_PREFIX)
                            || name.startsWith(WasmBytesFunction.BYTES_PREFIX);
            if (bytesConvention) {
                if (!hasAlloc || !sig.equals(PTR_LEN_TO_PACKED)) {
                    throw new WasmLoadException(
                            source.name(),
                            "export "
                                    + name
                                    + " "
                                    + sig
                                    + " is named like a "
                                    + "bytes function but the convention needs (i32, i32) -> i64 and an 'alloc' export");
                }
                put(out, name, new WasmBytesFunction(source, config, name, onError), source);
            } else if (sig.results().size() == 1) {
                put(out, name, new WasmNumericFunction(source, config, name, sig, onError), source);
            }
        }
        if (YomoAbi.isStreamFunction(info)) {
            YomoAbi.detect(info); // fail early, on the client, for a broken stream function
            put(
                    out,
                    tableFunctionName(source),
                    new WasmStreamTableFunction(source, config, onError),
                    source);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Registers every function of the module as a temporary system function. */
    public static void register(
            TableEnvironment tEnv, WasmModuleSource source, WasmRuntimeConfig config) {
        of(source, config, SqlErrorPolicy.FAIL).forEach(tEnv::createTemporarySystemFunction);
    }

    static String tableFunctionName(WasmModuleSource source) {
        String stem = source.name().toLowerCase(Locale.ROOT);
        if (stem.endsWith(".wasm")) {
            stem = stem.substring(0, stem.length() - 5);
        }
        String name = stem.replaceAll("[^a-z0-9_]", "_") + "_sfn";
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static void put(
            Map<String, UserDefinedFunction> out,
            String name,
            UserDefinedFunction fn,
            WasmModuleSource source) {
        String key = name.toLowerCase(Locale.ROOT);
        if (out.putIfAbsent(key, fn) != null) {
            throw new WasmLoadException(
                    source.name(), "two functions map to the SQL name '" + key + "'");
        }
    }
}
