package dev.flinkyomo.sql.wasm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded {@code flink-sql-wasm-udf} jar (read after package): Chicory and the Wasm module
 * factory inside, wasmtime-java and Netty not, Jackson/ASM/msgpack relocated, LICENSE and NOTICE,
 * the version in the manifest.
 */
class SqlWasmJarContentsTest {

    /** Entry name to content, for the text entries under META-INF/; null for other entries. */
    private static final Map<String, String> ENTRIES = new TreeMap<>();

    private static Attributes manifest;

    @BeforeAll
    static void read() throws IOException {
        Path jar = Path.of(System.getProperty("uber.jar", "target/missing.jar"));
        try (JarFile j = new JarFile(jar.toFile())) {
            manifest = j.getManifest().getMainAttributes();
            for (var e : java.util.Collections.list(j.entries())) {
                boolean text = e.getName().startsWith("META-INF/") && !e.isDirectory();
                ENTRIES.put(
                        e.getName(),
                        text
                                ? new String(
                                        j.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8)
                                : null);
            }
        }
    }

    @Test
    void chicoryIsInsideAndWasmtimeAndNettyAreNot() {
        assertThat(ENTRIES)
                .containsKey("dev/flinkyomo/wasm/table/WasmModuleFactory.class")
                .containsKey("com/dylibso/chicory/runtime/Instance.class")
                .containsKey("com/dylibso/chicory/compiler/MachineFactoryCompiler.class");
        assertThat(ENTRIES.keySet())
                .noneMatch(e -> e.startsWith("io/github/kawamuray/"))
                .noneMatch(e -> e.contains("wasmtime_jni") || e.contains("libwasmtime"))
                .noneMatch(e -> e.contains("netty"))
                .noneMatch(e -> e.startsWith("org/apache/flink/"));
    }

    @Test
    void bundledLibrariesOtherThanChicoryAreRelocated() {
        assertThat(ENTRIES.keySet())
                .noneMatch(e -> e.startsWith("com/fasterxml/"))
                .noneMatch(e -> e.startsWith("org/objectweb/"))
                .noneMatch(e -> e.startsWith("org/msgpack/"));
        assertThat(ENTRIES)
                .containsKey(
                        "dev/flinkyomo/shaded/com/fasterxml/jackson/databind/ObjectMapper.class")
                .containsKey("dev/flinkyomo/shaded/org/objectweb/asm/ClassWriter.class")
                .containsKey("dev/flinkyomo/shaded/org/msgpack/core/MessagePack.class");
    }

    @Test
    void servicesNameTheModuleFactoryAndTheChicoryEngine() {
        assertThat(ENTRIES.get("META-INF/services/org.apache.flink.table.factories.Factory"))
                .contains("dev.flinkyomo.wasm.table.WasmModuleFactory");
        assertThat(ENTRIES.get("META-INF/services/dev.flinkyomo.wasm.runtime.WasmEngineProvider"))
                .contains("dev.flinkyomo.wasm.runtime.chicory.ChicoryEngineProvider");
    }

    @Test
    void licenseNoticeAndManifest() {
        assertThat(ENTRIES.get("META-INF/LICENSE")).contains("Apache License");
        assertThat(ENTRIES.get("META-INF/NOTICE"))
                .startsWith("flink-sql-wasm-udf")
                .contains("Chicory 1.5.1")
                .contains("ASM 9.8")
                .contains("Jackson 2.18.2")
                .contains("msgpack-core 0.9.8");
        assertThat(ENTRIES.get("META-INF/licenses/LICENSE.asm.txt")).contains("INRIA");
        assertThat(manifest.getValue("Implementation-Title")).isEqualTo("flink-sql-wasm-udf");
        assertThat(manifest.getValue("Implementation-Version"))
                .isEqualTo(System.getProperty("project.version"));
    }
}
