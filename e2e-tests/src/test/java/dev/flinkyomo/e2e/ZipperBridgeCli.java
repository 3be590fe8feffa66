package dev.flinkyomo.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code zipper-bridge} the way {@code bin/zipper-bridge} does: in its own JVM, from the
 * shaded job jar plus Flink's class path, with {@code -Dzipper.bridge.jar} naming the jar that
 * {@code run --jobmanager} ships to the cluster. Nothing of the bridge runs in the test JVM. Also
 * Flink's own {@code flink} command ({@link #flink}), as flink-dist's {@code bin/flink} runs it.
 */
final class ZipperBridgeCli {

    /** Exit code and everything the process wrote (stdout and stderr, interleaved). */
    record Result(int exitCode, String output) {}

    private ZipperBridgeCli() {}

    static Result run(Path workDir, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Path jar = E2eArtifacts.zipperBridgeJobJar();
        return java(
                workDir,
                timeout,
                "zipper-bridge",
                Map.of(),
                List.of("-Dzipper.bridge.jar=" + jar),
                jar + File.pathSeparator + E2eArtifacts.flinkClasspath(),
                "dev.flinkyomo.bridge.cli.ZipperBridge",
                args);
    }

    /**
     * Flink's CLI ({@code CliFrontend}, what {@code bin/flink} starts) with the cluster's
     * configuration directory as {@code FLINK_CONF_DIR}: {@code flink run -m host:port job.jar
     * ...}.
     */
    static Result flink(Path workDir, Duration timeout, Path confDir, String... args)
            throws IOException, InterruptedException {
        return java(
                workDir,
                timeout,
                "flink",
                Map.of("FLINK_CONF_DIR", confDir.toString()),
                StandaloneFlinkCluster.JAVA_17_OPENS,
                E2eArtifacts.flinkClasspath(),
                "org.apache.flink.client.cli.CliFrontend",
                args);
    }

    private static Result java(
            Path workDir,
            Duration timeout,
            String name,
            Map<String, String> env,
            List<String> jvmArgs,
            String classpath,
            String mainClass,
            String... args)
            throws IOException, InterruptedException {
        Path log4j =
                Files.writeString(
                        workDir.resolve(name + "-log4j2.properties"),
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
        Path output = workDir.resolve(name + ".out");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                StandaloneFlinkCluster.java(),
                                "-Xmx512m",
                                "-Dlog4j.configurationFile=" + log4j.toUri()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(cmd)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    name
                            + " "
                            + String.join(" ", args)
                            + " did not exit within "
                            + timeout
                            + "; output:\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
