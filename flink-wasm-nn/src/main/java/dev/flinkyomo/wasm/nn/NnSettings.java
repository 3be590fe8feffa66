package dev.flinkyomo.wasm.nn;

import org.apache.flink.configuration.ReadableConfig;

import dev.flinkyomo.wasm.runtime.HostOptions;

/** The WASI-NN settings of one Wasm instance, read from its host options on the task manager. */
record NnSettings(
        NnModels models, long maxModelBytes, long maxTensorBytes, int maxGraphs, int maxContexts) {

    static NnSettings of(HostOptions host) {
        ReadableConfig o = host.options();
        long maxModel = o.get(WasiNnOptions.MAX_MODEL_SIZE).getBytes();
        return new NnSettings(
                new NnModels(host, o.get(WasiNnOptions.MODEL_DIR), maxModel),
                maxModel,
                o.get(WasiNnOptions.MAX_TENSOR_SIZE).getBytes(),
                positive(o.get(WasiNnOptions.MAX_GRAPHS), WasiNnOptions.MAX_GRAPHS.key()),
                positive(o.get(WasiNnOptions.MAX_CONTEXTS), WasiNnOptions.MAX_CONTEXTS.key()));
    }

    private static int positive(int value, String key) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + value);
        }
        return value;
    }
}
