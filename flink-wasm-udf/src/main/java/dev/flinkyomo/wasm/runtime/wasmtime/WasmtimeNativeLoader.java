package dev.flinkyomo.wasm.runtime.wasmtime;

import org.apache.flink.annotation.Internal;

import io.github.kawamuray.wasmtime.NativeLibraryLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads wasmtime-java's JNI library once per class loader and removes the 18 MB copy it extracts
 * into {@code java.io.tmpdir}.
 *
 * <p>wasmtime-java first tries {@code System.loadLibrary("wasmtime_jni")} (a library on {@code
 * java.library.path}: nothing extracted). Otherwise it copies the library from its jar to a fresh
 * temp file and never deletes it. Once loaded, the file is no longer needed (the mapping stays
 * valid), so on Linux we find our copy in {@code /proc/self/maps} and delete it right away;
 * elsewhere the new files are deleted on JVM exit.
 */
@Internal
public final class WasmtimeNativeLoader {

    private static final Logger LOG = LoggerFactory.getLogger(WasmtimeNativeLoader.class);
    private static final String LIB_MARKER = "wasmtime_jni";
    private static boolean loaded;

    private WasmtimeNativeLoader() {}

    public static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        Set<Path> before = extractedCopies(tmp);
        try {
            NativeLibraryLoader.init();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                    "cannot load the wasmtime-java native library (supported: linux x86_64/aarch64, "
                            + "macOS; glibc required): "
                            + e,
                    e);
        }
        loaded = true;
        if (!deleteMappedCopies(tmp)) {
            for (Path p : extractedCopies(tmp)) {
                if (!before.contains(p)) {
                    p.toFile().deleteOnExit();
                }
            }
        }
    }

    /**
     * Deletes extracted copies this process has mapped; false if /proc/self/maps is unavailable.
     */
    private static boolean deleteMappedCopies(Path tmp) {
        Path maps = Paths.get("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(maps);
            Set<Path> mapped = new HashSet<>();
            for (String line : lines) {
                int slash = line.indexOf('/');
                if (slash < 0 || !line.contains(LIB_MARKER) || line.endsWith("(deleted)")) {
                    continue;
                }
                Path p = Paths.get(line.substring(slash).trim());
                if (p.startsWith(tmp)) {
                    mapped.add(p);
                }
            }
            for (Path p : mapped) {
                if (Files.deleteIfExists(p)) {
                    LOG.info("Deleted the extracted wasmtime JNI library {} (it stays mapped)", p);
                }
            }
            return true;
        } catch (IOException e) {
            LOG.warn("Could not clean up the extracted wasmtime JNI library", e);
            return false;
        }
    }

    private static Set<Path> extractedCopies(Path tmp) {
        Set<Path> out = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmp, "lib" + LIB_MARKER + "*")) {
            dir.forEach(out::add);
        } catch (IOException e) {
            LOG.debug("Cannot list {}", tmp, e);
        }
        return out;
    }
}
