package dev.flinkyomo.formats.y3;

import org.apache.flink.table.api.ValidationException;

import dev.flinkyomo.y3.Y3KeyPath;
import dev.flinkyomo.y3.tools.ToolStreams;
import dev.flinkyomo.y3.tools.Y3Tool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The format and the {@code y3} tool read keys with y3-codec's one grammar: the same spellings are
 * accepted with the same meaning and refused with the same message; only the exception differs
 * (Flink's, naming the option, here; a usage error there).
 */
class Y3KeyPathsTest {

    private static final String[] SPELLINGS = {
        "0x00",
        "0x3F",
        "0x3f",
        "0X11",
        "0x1",
        " 0x11 ",
        "0x40",
        "0xFF",
        "0x011",
        "17",
        "0",
        "63",
        "64",
        "0x",
        "x11",
        "",
        "0x1g",
        "-1",
        "+0x11",
        "0x01.0x10",
        "0x01.17",
        "0x01.",
        "0x01..0x02"
    };

    /** What both say when they refuse a key (the codec's message). */
    private static final String NOT_A_KEY = "is not a Y3 key";

    /** Exit code and error output of the y3 CLI. */
    private record Cli(int code, String err) {
        static Cli run(String... args) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ToolStreams streams =
                    new ToolStreams(
                            new ByteArrayInputStream(new byte[0]),
                            new ByteArrayOutputStream(),
                            err);
            return new Cli(Y3Tool.execute(streams, args), err.toString());
        }
    }

    @Test
    void theFormatAndTheCliAcceptAndRefuseTheSameKeyPaths() {
        for (String s : SPELLINGS) {
            // whether the input holds a record at that path does not matter: only whether the path
            // is refused as a usage error
            Cli cli = Cli.run("tojson", "-r", s, "01 01 01");
            int[] path;
            try {
                path = Y3KeyPaths.parsePath(s, "'y3.record-path'");
            } catch (ValidationException refused) {
                assertThat(cli.code()).as("CLI on '%s'", s).isEqualTo(Y3Tool.EXIT_BAD_INPUT);
                String reason = refused.getMessage().replace("Invalid 'y3.record-path': ", "");
                assertThat(cli.err()).as("CLI on '%s'", s).contains(reason);
                continue;
            }
            assertThat(cli.err()).as("CLI on '%s'", s).doesNotContain(NOT_A_KEY);
            assertThat(path).as(s).isEqualTo(Y3KeyPath.parsePath(s));
        }
    }

    @Test
    void theFormatAndTheCliAcceptAndRefuseTheSameKeys() {
        for (String s : SPELLINGS) {
            if (s.contains(".") || s.isBlank()) {
                continue; // not a single key; the CLI's mapping syntax would read it differently
            }
            Cli cli = Cli.run("tojson", "-k", "a=" + s, "01 01 01");
            try {
                assertThat(Y3KeyPaths.parseKey(s, "key")).isEqualTo(Y3KeyPath.parseKey(s));
            } catch (ValidationException refused) {
                assertThat(cli.code()).as("CLI on '%s'", s).isEqualTo(Y3Tool.EXIT_BAD_INPUT);
                assertThat(cli.err())
                        .as("CLI on '%s'", s)
                        .contains(refused.getMessage().replace("Invalid key: ", ""));
                continue;
            }
            assertThat(cli.code()).as("CLI on '%s': %s", s, cli.err()).isZero();
        }
    }

    @Test
    void decimalIsRefusedWithTheHexSpellingNamingTheSetting() {
        assertThatThrownBy(() -> Y3KeyPaths.parseKey("17", "key of column 'noise'"))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(
                        "Invalid key of column 'noise': '17' is not a Y3 key: write keys in hex,"
                                + " 0x11");
        assertThat(Y3KeyPaths.format(new int[] {0x01, 0x10})).isEqualTo("0x01.0x10");
    }
}
