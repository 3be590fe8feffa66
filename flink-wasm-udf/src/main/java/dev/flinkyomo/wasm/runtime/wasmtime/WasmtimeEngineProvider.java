package dev.flinkyomo.wasm.runtime.wasmtime;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmEngineProvider;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;

/**
 * Makes {@link WasmtimeEngine}s (listed in META-INF/services). wasmtime-java is an optional
 * dependency (not in flink-sql-wasm-udf): this class names none of its classes, so the provider
 * loads without it, and only choosing the engine needs it.
 */
@Internal
public final class WasmtimeEngineProvider implements WasmEngineProvider {

    /** A class of wasmtime-java 0.19.0, to tell whether it is on the class path. */
    static final String WASMTIME_CLASS = "io.github.kawamuray.wasmtime.Engine";

    @Override
    public WasmEngineType type() {
        return WasmEngineType.WASMTIME;
    }

    @Override
    public WasmEngine create(WasmRuntimeConfig config) {
        requireWasmtime(WasmtimeEngineProvider.class.getClassLoader());
        return new WasmtimeEngine(config);
    }

    /** Fails with what to add when wasmtime-java is not visible from {@code loader}. */
    static void requireWasmtime(ClassLoader loader) {
        try {
            Class.forName(WASMTIME_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    "wasm.engine 'wasmtime' needs wasmtime-java on the class path"
                            + " (io.github.kawamuray.wasmtime:wasmtime-java:0.19.0, optional in"
                            + " flink-wasm-udf and not in flink-sql-wasm-udf): add its jar next to"
                            + " the job's, or use the default engine 'chicory'",
                    e);
        }
    }
}
