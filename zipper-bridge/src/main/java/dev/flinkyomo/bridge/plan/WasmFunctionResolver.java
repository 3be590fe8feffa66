package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Resolves a name to {@code <functions dir>/<name>.wasm}, with the tags the module observes. */
@PublicEvolving
public final class WasmFunctionResolver implements FunctionResolver {

    static final String EXTENSION = ".wasm";

    private final Path dir;
    private final WasmTagReader tagReader;

    public WasmFunctionResolver(Path dir, WasmTagReader tagReader) {
        this.dir = dir.toAbsolutePath().normalize();
        this.tagReader = tagReader;
    }

    public Path modulePath(String name) {
        return dir.resolve(name + EXTENSION);
    }

    @Override
    public Optional<ResolvedFunction> resolve(String name) throws FunctionResolutionException {
        if (name.contains("/") || name.contains("\\") || name.equals("..")) {
            // A name is not a path: never read modules outside the functions directory.
            return Optional.empty();
        }
        Path module = modulePath(name);
        if (!Files.isRegularFile(module)) {
            return Optional.empty();
        }
        Set<Long> tags;
        try {
            tags = tagReader.observedTags(module);
        } catch (Exception e) {
            throw new FunctionResolutionException(
                    "cannot read the observed tags of " + module + ": " + e.getMessage(), e);
        }
        return Optional.of(new ResolvedFunction(name, FunctionKind.WASM, module.toString(), tags));
    }

    @Override
    public String describeSearch(String name) {
        return modulePath(name)
                + " ("
                + (Files.isDirectory(dir) ? "no such file" : "directory does not exist")
                + ")";
    }

    @Override
    public List<String> available() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(EXTENSION) && f.length() > EXTENSION.length())
                    .map(f -> f.substring(0, f.length() - EXTENSION.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
