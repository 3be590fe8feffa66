package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.onnx.ModelException;
import dev.flinkyomo.onnx.ModelName;
import dev.flinkyomo.onnx.ModelRepository;
import dev.flinkyomo.wasm.runtime.HostOptions;

import java.nio.file.Path;

/**
 * Where {@code load_by_name} finds a model: among the models shipped in the job, then in the model
 * directory. Shipped bytes are read where the job's host options hold them, not copied: every
 * instance of a subtask would otherwise keep its own copy of every shipped model.
 */
final class NnModels {

    private final HostOptions shipped;
    private final ModelRepository directory;
    private final long maxModelBytes;

    NnModels(HostOptions shipped, String directory, long maxModelBytes) {
        this.shipped = shipped;
        this.maxModelBytes = maxModelBytes;
        ModelRepository repo = ModelRepository.empty().withMaxModelBytes(maxModelBytes);
        this.directory =
                directory == null || directory.isBlank()
                        ? repo
                        : repo.withDirectory(Path.of(directory));
    }

    /** The model's bytes, or a {@link ModelException} naming what was looked at. */
    byte[] read(String name) {
        byte[] bytes = shipped.file(WasiNnConfig.MODEL_FILE_PREFIX + ModelName.check(name));
        if (bytes == null) {
            return directory.read(name);
        }
        if (bytes.length > maxModelBytes) {
            throw new ModelException(
                    ModelException.Kind.TOO_LARGE,
                    "model '"
                            + name
                            + "' shipped in the job is "
                            + bytes.length
                            + " bytes, over wasm.nn.max-model-bytes ("
                            + maxModelBytes
                            + ")");
        }
        return bytes;
    }
}
