package dev.flinkyomo.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zipper-bridge-<version>-bin.tar.gz} as a user gets it: unpacked outside the repository,
 * run with {@code HOME} an empty directory (no {@code ~/.m2}), from another working directory.
 * {@code --version}, {@code validate} and {@code plan} of the bundled noise example, then {@code
 * run} of the noise workflow with readings pushed and every result checked.
 */
class DistributionITCase {

    @TempDir Path unpacked;
    @TempDir Path home;
    @TempDir Path work;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void unpackedDistributionValidatesPlansAndRunsTheNoiseWorkflow() throws Exception {
        assertThat(unpacked.toAbsolutePath().toString())
                .doesNotStartWith(Path.of("").toAbsolutePath().getParent().toString());
        exec(unpacked, 60, "tar", "xzf", E2eArtifacts.zipperBridgeDistribution().toString());
        Path install;
        try (Stream<Path> top = Files.list(unpacked)) {
            install =
                    top.filter(p -> p.getFileName().toString().startsWith("zipper-bridge-"))
                            .findFirst()
                            .orElseThrow();
        }
        String version = install.getFileName().toString().substring("zipper-bridge-".length());
        Path launcher = install.resolve("bin/zipper-bridge");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readString(launcher)).doesNotContain("mvnw").doesNotContain(".m2");
        Path jobJar = install.resolve("lib/zipper-bridge-" + version + "-job.jar");
        assertThat(jobJar).isRegularFile();
        // "needs only JDK 17" on Linux and macOS, x86_64 and aarch64: Netty's QUIC natives of all
        // four
        try (JarFile jar = new JarFile(jobJar.toFile())) {
            assertThat(jar.stream().map(JarEntry::getName))
                    .contains(
                            "META-INF/native/libnetty_quiche42_linux_x86_64.so",
                            "META-INF/native/libnetty_quiche42_linux_aarch_64.so",
                            "META-INF/native/libnetty_quiche42_osx_x86_64.jnilib",
                            "META-INF/native/libnetty_quiche42_osx_aarch_64.jnilib");
        }
        assertThat(install.resolve("LICENSE")).isRegularFile();
        assertThat(install.resolve("conf/log4j2-cli.properties")).isRegularFile();
        assertThat(install.resolve("README.md")).isRegularFile();

        assertThat(run(launcher, 60, "--version")).isEqualTo("zipper-bridge " + version + "\n");
        Path example = install.resolve("examples/noise/workflow.yaml");
        assertThat(run(launcher, 60, "validate", example.toString()))
                .contains("valid YoMo v1.4-v1.12 (functions) configuration: zipper 'Service'");
        assertThat(run(launcher, 60, "plan", example.toString()))
                .contains("1  noise     wasm  0x33")
                .contains("Stage 1: noise (wasm)");

        NoiseWorkflow noise = new NoiseWorkflow(work.resolve("noise"));
        Files.createDirectories(work.resolve("noise"));
        Path workflow = noise.write();
        Path output = work.resolve("run.out");
        Process p =
                process(
                                launcher,
                                "run",
                                "--duration",
                                "30s",
                                "--rest-port",
                                "0",
                                workflow.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        try {
            noise.pushAndAwait(() -> read(output));
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(read(output)).isTrue();
            assertThat(p.exitValue()).as(read(output)).isZero();
        } finally {
            p.destroyForcibly();
        }
        assertThat(read(output))
                .contains("Flink web UI: http://")
                .contains("YoMo sources connect to 127.0.0.1:" + noise.port());
        noise.verify();
    }

    /** Runs the launcher to its end; exit 0 expected; returns its stdout and stderr. */
    private String run(Path launcher, int seconds, String... args) throws Exception {
        Path out = Files.createTempFile(work, "cmd", ".out");
        Process p =
                process(launcher, args)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as(read(out)).isTrue();
        assertThat(p.exitValue()).as(read(out)).isZero();
        return read(out);
    }

    /** bin/zipper-bridge from an unrelated working directory with an empty HOME. */
    private ProcessBuilder process(Path launcher, String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(work.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().remove("ZIPPER_BRIDGE_CLASSPATH");
        return builder;
    }

    private static void exec(Path dir, int seconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
