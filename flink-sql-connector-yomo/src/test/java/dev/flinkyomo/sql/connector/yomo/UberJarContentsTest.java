package dev.flinkyomo.sql.connector.yomo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded {@code flink-sql-connector-yomo} jar as Maven packaged it (run at integration-test,
 * after package): Netty only under the relocated prefix, the four QUIC natives under the names the
 * relocated NativeLibraryLoader looks for, LICENSE and NOTICE, the merged Factory services file;
 * and the relocated QUIC codec loads its native library from the jar alone.
 */
class UberJarContentsTest {

    private static final String SHADED = "dev/flinkyomo/shaded/";

    private static final List<String> NATIVES =
            List.of(
                    "META-INF/native/libdev_flinkyomo_shaded_netty_quiche42_linux_x86_64.so",
                    "META-INF/native/libdev_flinkyomo_shaded_netty_quiche42_linux_aarch_64.so",
                    "META-INF/native/libdev_flinkyomo_shaded_netty_quiche42_osx_x86_64.jnilib",
                    "META-INF/native/libdev_flinkyomo_shaded_netty_quiche42_osx_aarch_64.jnilib");

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        String location = System.getProperty("uber.jar");
        assertThat(location)
                .as("system property uber.jar (set by this module's pom; run with ./mvnw verify)")
                .isNotNull();
        jar = Path.of(location);
        assertThat(jar).isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            entries = Collections.list(j.entries()).stream().map(JarEntry::getName).toList();
        }
    }

    @Test
    void nettyAndMsgpackAreOnlyThereRelocated() throws IOException {
        assertThat(entries).noneMatch(e -> e.startsWith("io/netty/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/msgpack/"));
        assertThat(entries)
                .contains(SHADED + "io/netty/handler/codec/quic/Quic.class")
                .contains(SHADED + "org/msgpack/core/MessagePack.class");
        // no class still refers to an unrelocated Netty type
        List<String> referring = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(j.entries())) {
                if (e.getName().endsWith(".class") && refersToUnrelocatedNetty(j, e)) {
                    referring.add(e.getName());
                }
            }
        }
        assertThat(referring).isEmpty();
        // no Flink inside: it is provided by the cluster
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/slf4j/"));
    }

    private static boolean refersToUnrelocatedNetty(JarFile j, JarEntry e) throws IOException {
        String text;
        try (InputStream in = j.getInputStream(e)) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (int i = text.indexOf("io/netty/"); i >= 0; i = text.indexOf("io/netty/", i + 1)) {
            if (!text.startsWith(SHADED, i - SHADED.length())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void quicNativesOfFourPlatformsAreRenamedForTheRelocatedPrefix() {
        assertThat(entries).containsAll(NATIVES);
        assertThat(entries.stream().filter(e -> e.startsWith("META-INF/native/lib")))
                .containsExactlyInAnyOrderElementsOf(NATIVES);
    }

    @Test
    void relocatedQuicLoadsItsNativeLibraryFromTheJarAlone() throws Exception {
        // the platform class loader as parent: no unrelocated Netty or test class path behind it
        try (URLClassLoader loader =
                new URLClassLoader(
                        new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> quic =
                    Class.forName(
                            "dev.flinkyomo.shaded.io.netty.handler.codec.quic.Quic", true, loader);
            boolean available = (Boolean) quic.getMethod("isAvailable").invoke(null);
            Throwable cause = (Throwable) quic.getMethod("unavailabilityCause").invoke(null);
            assertThat(available).as("Quic.isAvailable(); cause: %s", cause).isTrue();
        }
    }

    @Test
    void licenseNoticeAndVersionAreInMetaInf() throws IOException {
        String license = read("META-INF/LICENSE");
        assertThat(license).contains("Apache License").contains("Version 2.0, January 2004");
        String notice = read("META-INF/NOTICE");
        assertThat(notice)
                .startsWith("flink-sql-connector-yomo")
                .contains("Netty 4.2.18.Final")
                .contains("quiche")
                .contains("BoringSSL")
                .contains("msgpack-core 0.9.8");
        assertThat(read("META-INF/NOTICE.txt")).contains("The Netty Project");
        assertThat(entries)
                .contains("META-INF/license/LICENSE.quiche.txt")
                .contains("META-INF/license/LICENSE.boringssl.txt");
        try (JarFile j = new JarFile(jar.toFile())) {
            var main = j.getManifest().getMainAttributes();
            assertThat(main.getValue("Implementation-Title")).isEqualTo("flink-sql-connector-yomo");
            assertThat(main.getValue("Implementation-Version"))
                    .isEqualTo(System.getProperty("project.version"));
        }
    }

    @Test
    void factoryServicesListTheYomoConnectorAndTheY3Format() throws IOException {
        assertThat(read("META-INF/services/org.apache.flink.table.factories.Factory").lines())
                .containsExactlyInAnyOrder(
                        "dev.flinkyomo.connector.yomo.table.YomoDynamicTableFactory",
                        "dev.flinkyomo.formats.y3.Y3FormatFactory");
    }

    private static String read(String entry) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            JarEntry e = j.getJarEntry(entry);
            assertThat(e).as(entry).isNotNull();
            try (InputStream in = j.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
