package dev.flinkyomo.yomo.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Locates the Go {@code yomo-peer} binary of {@code interop/} and builds it with {@code
 * interop/build.sh} when it is missing or older than its sources. A missing Go toolchain fails the
 * calling test with instructions: these tests must not be skipped silently, CI installs Go.
 */
public final class YomoPeerBinary {

    private static final long BUILD_TIMEOUT_SECONDS = 240;

    /** build.sh exits 127 when go or the packaged quic-go sources are missing. */
    private static final int TOOLCHAIN_MISSING = 127;

    private static Path binary;

    private YomoPeerBinary() {}

    /** The path of a freshly built binary; builds at most once per JVM. */
    public static synchronized Path get() {
        if (binary == null) {
            Path interop = interopDir();
            Path bin = interop.resolve("bin").resolve("yomo-peer");
            if (isStale(bin, interop.resolve("src"))) {
                build(interop);
            }
            binary = bin;
        }
        return binary;
    }

    private static Path interopDir() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("interop").resolve("build.sh"))) {
                return dir.resolve("interop");
            }
        }
        throw new IllegalStateException(
                "cannot find interop/build.sh above " + Paths.get("").toAbsolutePath());
    }

    private static boolean isStale(Path bin, Path sources) {
        if (!Files.isExecutable(bin)) {
            return true;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            FileTime built = Files.getLastModifiedTime(bin);
            return files.filter(p -> p.toString().endsWith(".go"))
                    .anyMatch(p -> lastModified(p).compareTo(built) > 0);
        } catch (IOException e) {
            return true;
        }
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static void build(Path interop) {
        Path log = null;
        try {
            log = Files.createTempFile("yomo-peer-build", ".log");
            Process p =
                    new ProcessBuilder("bash", interop.resolve("build.sh").toString())
                            .directory(interop.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!p.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "interop/build.sh did not finish within " + BUILD_TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() == TOOLCHAIN_MISSING) {
                throw new IllegalStateException(
                        "The Go interop tests need Go and quic-go: "
                                + "apt-get install golang-go golang-github-lucas-clemente-quic-go-dev "
                                + "(CI installs them). build.sh said: "
                                + output.strip());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "interop/build.sh failed with exit code " + p.exitValue() + ":\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run interop/build.sh (is bash installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building yomo-peer", e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }
}
