package dev.flinkyomo.onnx;

import dev.flinkyomo.annotation.PublicEvolving;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where named models come from: models shipped in the job (bytes that travel with the job graph, as
 * Wasm modules do), then a model directory on the TaskManager. Serializable, so an operator can
 * carry it; a directory is read on the TaskManager, when a model is first asked for.
 *
 * <p>A name resolves to {@code <dir>/<name>.onnx} (or {@code <dir>/<name>} when it ends in {@code
 * .onnx}) and only if that file's real path lies inside the directory's, so neither a name nor a
 * symbolic link reaches another file.
 */
@PublicEvolving
public final class ModelRepository implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default for {@link #withMaxModelBytes}: larger files are refused before they are read. */
    public static final long DEFAULT_MAX_MODEL_BYTES = 512L << 20;

    private final Map<String, byte[]> shipped;
    private final String directory;
    private final long maxModelBytes;

    private ModelRepository(Map<String, byte[]> shipped, String directory, long maxModelBytes) {
        this.shipped = shipped;
        this.directory = directory;
        this.maxModelBytes = maxModelBytes;
    }

    public static ModelRepository empty() {
        return new ModelRepository(Map.of(), null, DEFAULT_MAX_MODEL_BYTES);
    }

    /** Models named by their file names (without {@code .onnx}) in {@code dir}. */
    public ModelRepository withDirectory(Path dir) {
        return new ModelRepository(shipped, dir.toAbsolutePath().toString(), maxModelBytes);
    }

    /** A model shipped in the job under {@code name}; it wins over a file of the same name. */
    public ModelRepository withModel(String name, byte[] onnx) {
        Map<String, byte[]> m = new LinkedHashMap<>(shipped);
        m.put(ModelName.check(name), onnx.clone());
        return new ModelRepository(Collections.unmodifiableMap(m), directory, maxModelBytes);
    }

    public ModelRepository withMaxModelBytes(long max) {
        return new ModelRepository(shipped, directory, max);
    }

    /** The model's bytes, or a {@link ModelException} naming what was looked at. */
    public byte[] read(String name) {
        ModelName.check(name);
        byte[] b = shipped.get(name);
        if (b != null) {
            return b;
        }
        if (directory == null) {
            throw notFound(name);
        }
        Path dir = Path.of(directory);
        Path file = dir.resolve(name.endsWith(".onnx") ? name : name + ".onnx");
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(dir.toRealPath()) || !Files.isRegularFile(real)) {
                throw notFound(name);
            }
            long size = Files.size(real);
            if (size > maxModelBytes) {
                throw new ModelException(
                        ModelException.Kind.TOO_LARGE,
                        "model '"
                                + name
                                + "' ("
                                + real
                                + ") is "
                                + size
                                + " bytes, over the limit of "
                                + maxModelBytes);
            }
            return Files.readAllBytes(real);
        } catch (NoSuchFileException e) {
            throw notFound(name);
        } catch (IOException e) {
            throw new ModelException(
                    ModelException.Kind.NOT_FOUND,
                    "model '" + name + "': cannot read " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** The names this repository can serve now (shipped, then files in the directory). */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(shipped.keySet());
        if (directory != null) {
            try (var files = Files.list(Path.of(directory))) {
                files.map(p -> p.getFileName().toString())
                        .filter(f -> f.endsWith(".onnx"))
                        .map(f -> f.substring(0, f.length() - ".onnx".length()))
                        .forEach(names::add);
            } catch (IOException e) {
                // An unreadable directory serves nothing; read() says why for a given name.
            }
        }
        return names;
    }

    private ModelException notFound(String name) {
        return new ModelException(
                ModelException.Kind.NOT_FOUND,
                "no model named '"
                        + name
                        + "'"
                        + (shipped.isEmpty() ? "" : " among the job's " + shipped.keySet())
                        + (directory == null ? "" : " nor as " + name + ".onnx in " + directory));
    }
}
