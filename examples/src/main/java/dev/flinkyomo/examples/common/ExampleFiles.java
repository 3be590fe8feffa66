package dev.flinkyomo.examples.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds an example's files whether it runs from the repository root or from {@code examples/}. */
public final class ExampleFiles {

    private ExampleFiles() {}

    /**
     * Where an example writes its output: {@code examples/target/<name>} seen from the repository
     * root or {@code target/<name>} from {@code examples/}.
     */
    public static Path outputDir(String name) {
        Path examples =
                Files.isRegularFile(Path.of("examples", "pom.xml"))
                        ? Path.of("examples")
                        : Path.of("");
        return examples.resolve("target").resolve(name).toAbsolutePath().normalize();
    }

    /** {@code relative} under {@code examples/} (e.g. {@code noise/workflow.yaml}). */
    public static Path locate(String relative) throws IOException {
        List<Path> candidates = List.of(Path.of("examples").resolve(relative), Path.of(relative));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IOException(
                "cannot find "
                        + relative
                        + " (looked at "
                        + candidates.get(0).toAbsolutePath()
                        + " and "
                        + candidates.get(1).toAbsolutePath()
                        + "); run from the repository root or pass the file");
    }
}
