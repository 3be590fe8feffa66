package dev.flinkyomo.y3.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys on the command line follow y3-codec's grammar: hex only, decimal refused with the hex
 * spelling. flink-y3-format's Y3KeyPathsTest runs this tool and the format on the same spellings.
 */
class KeySpellingTest {

    @Test
    void decimalIsAUsageErrorThatGivesTheHexSpelling() {
        ToolRun key = ToolRun.run("tojson", "-k", "a=17", "01 01 01");
        ToolRun recordKey = ToolRun.run("tojson", "-r", "0x01.17", "01 01 01");
        assertThat(key.code()).isEqualTo(Y3Tool.EXIT_BAD_INPUT);
        assertThat(key.err()).contains("'17' is not a Y3 key: write keys in hex, 0x11");
        assertThat(recordKey.code()).isEqualTo(Y3Tool.EXIT_BAD_INPUT);
        assertThat(recordKey.err())
                .contains("--record-path: key path '0x01.17': '17' is not a Y3 key")
                .contains("write keys in hex, 0x11");
    }

    @Test
    void hexKeysAndPathsAreAccepted() {
        ToolRun run = ToolRun.run("tojson", "-k", "a=0X11,b=0x3f", "-r", " 0x01.0x10 ", "");
        assertThat(run.code()).as(run.err()).isZero();
    }
}
