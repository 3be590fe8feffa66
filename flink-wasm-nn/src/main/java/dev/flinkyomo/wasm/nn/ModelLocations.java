package dev.flinkyomo.wasm.nn;

import org.apache.flink.configuration.MemorySize;

import dev.flinkyomo.onnx.ModelLocation;
import dev.flinkyomo.onnx.ModelName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the models {@code wasm.nn.models} lists ({@code name=location}) on the client, so that they
 * travel inside the job like the Wasm module does and task managers need no copy of the files.
 */
final class ModelLocations {

    private ModelLocations() {}

    static Map<String, byte[]> read(List<String> entries, MemorySize max) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String entry : entries) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        WasiNnOptions.MODELS.key()
                                + ": '"
                                + e
                                + "' is not name=location (e.g. colour_discs=/opt/models/colour_discs.onnx)");
            }
            String name = ModelName.check(e.substring(0, eq).trim());
            out.put(name, bytes(name, e.substring(eq + 1).trim(), max.getBytes()));
        }
        return out;
    }

    private static byte[] bytes(String name, String location, long max) {
        try (InputStream in =
                ModelLocation.open(
                        location,
                        Thread.currentThread().getContextClassLoader(),
                        ModelLocations.class.getClassLoader())) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                throw new IllegalArgumentException(
                        WasiNnOptions.MODELS.key()
                                + ": model '"
                                + name
                                + "' at "
                                + location
                                + " is over "
                                + WasiNnOptions.MAX_MODEL_SIZE.key()
                                + " ("
                                + max
                                + " bytes)");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    WasiNnOptions.MODELS.key()
                            + ": cannot read model '"
                            + name
                            + "' at "
                            + location
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
