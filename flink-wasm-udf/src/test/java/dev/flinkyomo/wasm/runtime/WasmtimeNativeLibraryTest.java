package dev.flinkyomo.wasm.runtime;

import dev.flinkyomo.wasm.runtime.wasmtime.WasmtimeNativeLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The wasmtime JNI library is loaded and its extracted copy in java.io.tmpdir is gone. */
class WasmtimeNativeLibraryTest {

    @Test
    void extractedLibraryIsDeletedOnceLoaded() throws Exception {
        WasmtimeNativeLoader.ensureLoaded();
        Path maps = Paths.get("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs /proc (Linux)");
        List<String> mapped =
                Files.readAllLines(maps).stream()
                        .filter(l -> l.contains("wasmtime_jni"))
                        .map(l -> l.substring(l.indexOf('/')))
                        .distinct()
                        .collect(Collectors.toList());
        assertThat(mapped).isNotEmpty();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        for (String m : mapped) {
            if (m.startsWith(tmp.toString())) {
                assertThat(m).endsWith("(deleted)");
            }
        }
    }
}
