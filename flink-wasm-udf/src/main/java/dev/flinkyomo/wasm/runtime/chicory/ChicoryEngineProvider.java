package dev.flinkyomo.wasm.runtime.chicory;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.wasm.runtime.WasmEngine;
import dev.flinkyomo.wasm.runtime.WasmEngineProvider;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;

/** Makes {@link ChicoryEngine}s (listed in META-INF/services). */
@Internal
public final class ChicoryEngineProvider implements WasmEngineProvider {

    @Override
    public WasmEngineType type() {
        return WasmEngineType.CHICORY;
    }

    @Override
    public WasmEngine create(WasmRuntimeConfig config) {
        return new ChicoryEngine(config);
    }
}
