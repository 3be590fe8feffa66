package dev.flinkyomo.wasm.nn;

import org.apache.flink.configuration.ReadableConfig;

import dev.flinkyomo.onnx.ModelRepository;
import dev.flinkyomo.wasm.runtime.HostOptions;

import java.nio.file.Path;

/** The WASI-NN settings of one Wasm instance, read from its host options on the task manager. */
record NnSettings(
        ModelRepository models,
        long maxModelBytes,
        long maxTensorBytes,
        int maxGraphs,
        int maxContexts) {

    static NnSettings of(HostOptions host) {
        ReadableConfig o = host.options();
        long maxModel = o.get(WasiNnOptions.MAX_MODEL_SIZE).getBytes();
        ModelRepository repo = ModelRepository.empty().withMaxModelBytes(maxModel);
        for (String file : host.fileNames()) {
            if (file.startsWith(WasiNnConfig.MODEL_FILE_PREFIX)) {
                repo =
                        repo.withModel(
                                file.substring(WasiNnConfig.MODEL_FILE_PREFIX.length()),
                                host.file(file));
            }
        }
        String dir = o.get(WasiNnOptions.MODEL_DIR);
        if (dir != null && !dir.isBlank()) {
            repo = repo.withDirectory(Path.of(dir));
        }
        return new NnSettings(
                repo,
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
