package dev.flinkyomo.onnx;

import dev.flinkyomo.annotation.PublicEvolving;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one reading of a model location given in a job's options, on the client: {@code
 * classpath:<resource>}, a {@code file:} URI or a plain path. Used by {@code 'provider' = 'onnx'}
 * ({@code 'path'}) and WASI-NN's {@code wasm.nn.models}; callers word the errors for their option.
 */
@PublicEvolving
public final class ModelLocation {

    private static final String CLASSPATH = "classpath:";

    private ModelLocation() {}

    /**
     * Opens {@code location}; a class path resource is looked up in {@code loaders} in order (null
     * entries skipped). A missing resource or file is an {@link IOException} naming it.
     */
    public static InputStream open(String location, ClassLoader... loaders) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length()).replaceFirst("^/", "");
            for (ClassLoader loader : loaders) {
                InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
                if (in != null) {
                    return in;
                }
            }
            throw new IOException("no class path resource " + resource);
        }
        Path path =
                location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return Files.newInputStream(path);
    }
}
