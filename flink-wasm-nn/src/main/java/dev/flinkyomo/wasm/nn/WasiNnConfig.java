package dev.flinkyomo.wasm.nn;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;

import dev.flinkyomo.onnx.ModelName;
import dev.flinkyomo.wasm.runtime.HostOptions;

import java.nio.file.Path;

/**
 * WASI-NN settings for the DataStream builder, as code:
 *
 * <pre>{@code
 * WasmStreamFunctionProcessor.builder(source)
 *     .hostOptions(WasiNnConfig.builder()
 *         .model("colour_discs", Files.readAllBytes(Path.of("colour_discs.onnx")))
 *         .modelDirectory("/opt/models")
 *         .build())
 *     .build();
 * }</pre>
 */
@PublicEvolving
public final class WasiNnConfig {

    /** Shipped models are {@link HostOptions} files under this prefix plus the model name. */
    static final String MODEL_FILE_PREFIX = "wasi-nn/model/";

    private final HostOptions.Builder options;

    private WasiNnConfig(HostOptions.Builder options) {
        this.options = options;
    }

    public static WasiNnConfig builder() {
        return new WasiNnConfig(HostOptions.builder());
    }

    /** Starts from existing host options (e.g. those {@code configure(...)} read). */
    public static WasiNnConfig from(HostOptions existing) {
        return new WasiNnConfig(existing.toBuilder());
    }

    /** Ships {@code onnx} inside the job as the model {@code name}. */
    public WasiNnConfig model(String name, byte[] onnx) {
        options.file(MODEL_FILE_PREFIX + ModelName.check(name), onnx);
        return this;
    }

    /** A directory on every task manager holding {@code <name>.onnx} files. */
    public WasiNnConfig modelDirectory(String directory) {
        options.set(WasiNnOptions.MODEL_DIR, Path.of(directory).toString());
        return this;
    }

    public WasiNnConfig maxModelBytes(long bytes) {
        options.set(WasiNnOptions.MAX_MODEL_SIZE, new MemorySize(bytes));
        return this;
    }

    public WasiNnConfig maxTensorBytes(long bytes) {
        options.set(WasiNnOptions.MAX_TENSOR_SIZE, new MemorySize(bytes));
        return this;
    }

    public WasiNnConfig maxGraphs(int graphs) {
        options.set(WasiNnOptions.MAX_GRAPHS, graphs);
        return this;
    }

    public WasiNnConfig maxContexts(int contexts) {
        options.set(WasiNnOptions.MAX_CONTEXTS, contexts);
        return this;
    }

    public HostOptions build() {
        return options.build();
    }
}
