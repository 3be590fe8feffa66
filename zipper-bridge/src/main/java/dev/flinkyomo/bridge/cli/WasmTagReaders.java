package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.bridge.plan.WasmTagReader;

/** The {@link WasmTagReader} the command line uses. */
final class WasmTagReaders {

    private WasmTagReaders() {}

    static WasmTagReader available() {
        return module -> {
            throw new UnsupportedOperationException("reading the observed tags of a Wasm stream function needs the YoMo"
                    + " Wasm host of flink-wasm-udf, which this build does not have yet");
        };
    }
}
