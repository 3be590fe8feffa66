package dev.flinkyomo.connector.yomo.docs;

import org.apache.flink.table.factories.Factory;

import dev.flinkyomo.connector.yomo.table.YomoConnectorOptions;
import dev.flinkyomo.connector.yomo.table.YomoDynamicTableFactory;
import dev.flinkyomo.formats.y3.Y3FormatFactory;
import dev.flinkyomo.formats.y3.Y3FormatOptions;
import dev.flinkyomo.ml.onnx.OnnxModelOptions;
import dev.flinkyomo.ml.onnx.OnnxModelProviderFactory;
import dev.flinkyomo.wasm.config.WasmOptions;
import dev.flinkyomo.wasm.table.WasmModuleFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option tables in {@code docs/} are the ones generated from the factories' {@code
 * ConfigOption}s (this module sees the connector, the y3 format and, in tests, the Wasm module).
 * After changing an option, regenerate them with {@code ./mvnw -pl flink-connector-yomo test
 * -Dtest=GeneratedDocsTest -Ddocs.regenerate=true}.
 */
class GeneratedDocsTest {

    static final String BEGIN = "<!-- generated options: begin -->\n";
    static final String END = "<!-- generated options: end -->";

    @Test
    void theSqlPageListsTheConnectorsOptionsAsTheFactoryDeclaresThem() throws IOException {
        String table =
                check(
                        "docs/connectors/yomo-sql.md",
                        new YomoDynamicTableFactory(),
                        "",
                        YomoConnectorOptions.class);
        // every option with its type, including the keys kept as fallbacks
        assertThat(table)
                .contains("| `scan.observed-tags`<br>(also `observed-tags`) | optional | (none) |")
                .contains("| `format` | required |")
                .contains("| `port` | optional | `9000` | Integer |")
                .contains("`sink.buffer-flush.max-rows`<br>(also `sink.batch.max-frames`)");
    }

    @Test
    void theFormatPageListsTheY3Options() throws IOException {
        assertThat(check("docs/formats/y3.md", new Y3FormatFactory(), "y3.", Y3FormatOptions.class))
                .contains("| `y3.keys` |");
    }

    @Test
    void theWasmPageListsTheModuleOptions() throws IOException {
        assertThat(check("docs/wasm.md", new WasmModuleFactory(), "", WasmOptions.class))
                .contains("| `path` | required |");
    }

    @Test
    void theMlPredictPageListsTheOnnxProviderOptions() throws IOException {
        assertThat(
                        check(
                                "docs/ml-predict.md",
                                new OnnxModelProviderFactory(),
                                "",
                                OnnxModelOptions.class))
                .contains("| `path` | required |")
                .contains("| `max-batch-size` | optional | `16` | Integer |");
    }

    /** Compares (or with -Ddocs.regenerate=true rewrites) a page's table; returns the table. */
    private static String check(String file, Factory factory, String prefix, Class<?> holder)
            throws IOException {
        Path page = repositoryRoot().resolve(file);
        String generated = OptionsTable.of(factory, prefix, holder);
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertThat(from).as("%s has the marker %s", page, BEGIN.strip()).isNotNegative();
        assertThat(to).as("%s has the marker %s", page, END).isGreaterThan(from);
        String current = text.substring(from + BEGIN.length(), to);
        if (Boolean.getBoolean("docs.regenerate") && !current.equals(generated)) {
            Files.writeString(
                    page,
                    text.substring(0, from + BEGIN.length()) + generated + text.substring(to),
                    StandardCharsets.UTF_8);
            current = generated;
        }
        assertThat(current)
                .as(
                        "the option table of %s is out of date: run ./mvnw -pl"
                                + " flink-connector-yomo test -Dtest=GeneratedDocsTest"
                                + " -Ddocs.regenerate=true",
                        page)
                .isEqualTo(generated);
        return generated;
    }

    /** Surefire runs in the module's directory; the docs are beside it. */
    private static Path repositoryRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a parent directory with docs/").isNotNull();
        return dir;
    }
}
