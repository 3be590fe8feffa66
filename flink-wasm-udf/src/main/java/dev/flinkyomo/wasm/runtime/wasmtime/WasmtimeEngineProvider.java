package dev.flinkyomo.wasm.runtime.wasmtime;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmEngineProvider;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;

/** Makes {@link WasmtimeEngine}s (listed in META-INF/services). */
@Internal
public final class WasmtimeEngineProvider implements WasmEngineProvider {

    @Override
    public WasmEngineType type() {
        return WasmEngineType.WASMTIME;
    }

    @Override
    public WasmEngine create(WasmRuntimeConfig config) {
        return new WasmtimeEngine(config);
    }
}
