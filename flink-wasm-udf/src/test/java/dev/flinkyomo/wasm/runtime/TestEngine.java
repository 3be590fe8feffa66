package dev.flinkyomo.wasm.runtime;

/** The three engine setups, for tests of the runtime limits on each. */
public enum TestEngine {
    CHICORY_COMPILED(WasmEngineType.CHICORY, ChicoryMode.COMPILED),
    CHICORY_INTERPRETED(WasmEngineType.CHICORY, ChicoryMode.INTERPRETED),
    WASMTIME(WasmEngineType.WASMTIME, ChicoryMode.COMPILED);

    private final WasmEngineType type;
    private final ChicoryMode mode;

    TestEngine(WasmEngineType type, ChicoryMode mode) {
        this.type = type;
        this.mode = mode;
    }

    /** Defaults otherwise. */
    public WasmRuntimeConfig.Builder config() {
        return WasmRuntimeConfig.builder().engine(type).chicoryMode(mode);
    }

    public static WasmModuleSource hostile(String name) {
        return WasmModuleSource.fromClasspath("wasm/hostile/" + name);
    }
}
