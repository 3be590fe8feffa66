package dev.flinkyomo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Maven prepares for these tests at generate-test-resources (see this module's pom): the
 * Flink-only class path of the cluster processes and the zipper-bridge job jar.
 */
final class E2eArtifacts {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private E2eArtifacts() {}

    /** Flink's runtime and its dependencies, as a class path string (no flink-yomo classes). */
    static String flinkClasspath() {
        String cp = read(TARGET.resolve("flink-cluster-classpath.txt")).trim();
        if (cp.contains("dev/flinkyomo") || cp.contains("dev\\flinkyomo")) {
            throw new IllegalStateException(
                    "the cluster class path must hold Flink only, found flink-yomo in: " + cp);
        }
        return cp;
    }

    /** The shaded {@code zipper-bridge-*-job.jar}: the CLI, and what it ships to the cluster. */
    static Path zipperBridgeJobJar() {
        return existing(TARGET.resolve("e2e-artifacts/zipper-bridge-job.jar"));
    }

    /**
     * The class path of Flink's SQL client: the cluster's plus flink-sql-client, flink-sql-gateway
     * (with its API), flink-json and flink-python (alone), as flink-dist's sql-client.sh has it.
     */
    static String sqlClientClasspath() {
        return flinkClasspath()
                + java.io.File.pathSeparator
                + read(TARGET.resolve("sql-client-classpath.txt")).trim();
    }

    /** The shaded {@code flink-sql-connector-yomo} jar, what a user passes to ADD JAR. */
    static Path sqlConnectorJar() {
        return existing(TARGET.resolve("e2e-artifacts/flink-sql-connector-yomo.jar"));
    }

    /** {@code zipper-bridge-<version>-bin.tar.gz}, the relocatable distribution. */
    static Path zipperBridgeDistribution() {
        return existing(TARGET.resolve("e2e-artifacts/zipper-bridge-bin.tar.gz"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(existing(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    file
                            + " is missing; it is made by Maven's generate-test-resources phase,"
                            + " so run these tests through ./mvnw -pl e2e-tests verify");
        }
        return file;
    }
}
