package dev.flinkyomo.wasm.nn;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.util.List;
import java.util.Set;

/**
 * Options of WASI-NN for Wasm stream functions. They work where the other {@code wasm.*} options
 * do: the DataStream builder's {@code configure(...)} and {@code LOAD MODULE wasm WITH (...)}.
 * Without any, a guest finds no model ({@code load_by_name} returns {@code not_found}).
 */
@PublicEvolving
public final class WasiNnOptions {

    public static final ConfigOption<String> MODEL_DIR =
            ConfigOptions.key("wasm.nn.model-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory on each task manager with models for WASI-NN's load_by_name: the name 'x' is the file x.onnx "
                                    + "there (names are letters, digits, '_', '.', '-'; never a path). Unset: no directory.");

    public static final ConfigOption<List<String>> MODELS =
            ConfigOptions.key("wasm.nn.models")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Models shipped inside the job, as name=location pairs separated by ';' (file path, file: URI or "
                                    + "classpath:<resource>). Read on the client like 'path'; they win over wasm.nn.model-dir.");

    public static final ConfigOption<MemorySize> MAX_MODEL_SIZE =
            ConfigOptions.key("wasm.nn.max-model-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(64))
                    .withDescription(
                            "Largest model accepted: builder bytes a guest passes to load, and files of wasm.nn.model-dir "
                                    + "or wasm.nn.models; larger ones get too_large.");

    public static final ConfigOption<MemorySize> MAX_TENSOR_SIZE =
            ConfigOptions.key("wasm.nn.max-tensor-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(32))
                    .withDescription(
                            "Most bytes of input and output tensors one Wasm instance holds at a time (direct memory, "
                                    + "counted as the task manager's off-heap memory); more gets too_large.");

    public static final ConfigOption<Integer> MAX_GRAPHS =
            ConfigOptions.key("wasm.nn.max-graphs")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Graph handles one Wasm instance may hold; WASI-NN preview 1 cannot drop one, so a guest "
                                    + "should load once. More get busy.");

    public static final ConfigOption<Integer> MAX_CONTEXTS =
            ConfigOptions.key("wasm.nn.max-contexts")
                    .intType()
                    .defaultValue(16)
                    .withDescription(
                            "Execution-context handles one Wasm instance may hold; more get busy.");

    static final Set<ConfigOption<?>> ALL =
            Set.of(MODEL_DIR, MODELS, MAX_MODEL_SIZE, MAX_TENSOR_SIZE, MAX_GRAPHS, MAX_CONTEXTS);

    private WasiNnOptions() {}
}
