package dev.flinkyomo.bridge.testutil;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real YoMo zipper files of yomo-protocol.md §3, under test resources /yomo-configs. */
public final class RealConfigs {

    private RealConfigs() {}

    public static Path dir() {
        try {
            return Path.of(RealConfigs.class.getResource("/yomo-configs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
