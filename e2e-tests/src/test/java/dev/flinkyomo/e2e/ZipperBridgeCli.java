package dev.flinkyomo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code zipper-bridge} the way {@code bin/zipper-bridge} does: in its own JVM, from the
 * shaded job jar plus Flink's class path, with {@code -Dzipper.bridge.jar} naming the jar that
 * {@code run --jobmanager} ships to the cluster. Nothing of the bridge runs in the test JVM.
 */
final class ZipperBridgeCli {

    /** Exit code and everything the process wrote (stdout and stderr, interleaved). */
    record Result(int exitCode, String output) {}

    private ZipperBridgeCli() {}

    static Result run(Path workDir, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Path jar = E2eArtifacts.zipperBridgeJobJar();
        Path log4j =
                Files.writeString(
                        workDir.resolve("zipper-bridge-log4j2.properties"),
                        String.join(
                                "\n",
                                "rootLogger.level = WARN",
                                "rootLogger.appenderRef.err.ref = Err",
                                "appender.err.name = Err",
                                "appender.err.type = Console",
                                "appender.err.target = SYSTEM_ERR",
                                "appender.err.layout.type = PatternLayout",
                                "appender.err.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n",
                                ""));
        Path output = workDir.resolve("zipper-bridge.out");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                StandaloneFlinkCluster.java(),
                                "-Xmx512m",
                                "-Dlog4j.configurationFile=" + log4j.toUri(),
                                "-Dzipper.bridge.jar=" + jar,
                                "-cp",
                                jar + java.io.File.pathSeparator + E2eArtifacts.flinkClasspath(),
                                "dev.flinkyomo.bridge.cli.ZipperBridge"));
        cmd.addAll(List.of(args));
        Process p =
                new ProcessBuilder(cmd)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "zipper-bridge "
                            + String.join(" ", args)
                            + " did not exit within "
                            + timeout
                            + "; output:\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
