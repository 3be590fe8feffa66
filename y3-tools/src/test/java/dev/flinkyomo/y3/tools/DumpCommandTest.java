package dev.flinkyomo.y3.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DumpCommandTest {

    /** y3@v1.0.5 node_test.go: {0x05:{0x04:{0x01:-1,0x02:"C"}, 0x03:{0x01:-2}}}. */
    private static final String NESTED = "85 0D 84 06 01 01 FF 02 01 43 83 03 01 01 FE";

    @Test
    void dumpsTheOfficialNestedVectorAsAnIndentedTree() {
        ToolRun r = ToolRun.run("dump", NESTED);

        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines())
                .containsExactly(
                        "packet 1: offset 0, 15 bytes",
                        "     0  85  node   0x05 len=13",
                        "     2  84    node   0x04 len=6",
                        "     4  01      prim   0x01 len=1  [FF]  nvarint=-1 (u32 4294967295) "
                                + "f32=-1.7014118E38 f64=-5.4861240687936887E303",
                        "     7  02      prim   0x02 len=1  [43]  \"C\" nvarint=67 pvarint=-61 (u32 4294967235) "
                                + "f32=128.0 f64=5.62949953421312E14",
                        "    10  83    node   0x03 len=3",
                        "    12  01      prim   0x01 len=1  [FE]  nvarint=-2 (u32 4294967294) "
                                + "f32=-4.2535296E37 f64=-8.371160993642713E298");
    }

    @Test
    void hexWithoutSpacesAndSplitOverArgumentsIsTheSameInput() {
        ToolRun spaced = ToolRun.run("dump", NESTED);
        ToolRun compact = ToolRun.run("dump", "850D8406", "0101FF020143830301", "01FE");

        assertThat(compact.code()).isZero();
        assertThat(compact.out()).isEqualTo(spaced.out());
    }

    @Test
    void concatenatedPacketsAreDumpedOneAfterAnother() {
        // y3 primitive_test.go: "yomo" at 0x0B, then float32 1 at 0x0A
        ToolRun r = ToolRun.run("dump", "0B 04 79 6F 6D 6F 0A 02 3F 80");

        assertThat(r.code()).isZero();
        assertThat(r.out().lines())
                .containsExactly(
                        "packet 1: offset 0, 6 bytes",
                        "     0  0B  prim   0x0B len=4  [79 6F 6D 6F]  \"yomo\" nvarint=2037345647 "
                                + "f32=7.769866E34 f64=8.704734347659851E276",
                        "packet 2: offset 6, 4 bytes",
                        "     6  0A  prim   0x0A len=2  [3F 80]  nvarint=16256 f32=1.0 f64=0.0078125");
    }

    @Test
    void showsSlicesBoolsAndEmptyValues() {
        // y3cg slice []int32{123,456} inside root 0x01; then bool true at 0x2C and "" at 0x0C
        ToolRun r = ToolRun.run("dump", "81 0A D0 08 00 02 80 7B 00 02 83 48  2C 01 01  0C 00");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("     2  D0    slice  0x10 len=8")
                .contains(
                        "     4  00      prim   0x00 len=2  [80 7B]  nvarint=-32645 (u32 4294934651) pvarint=123 f32=")
                .contains(
                        "[01]  nvarint=1 pvarint=1 f32=2.3509887E-38 f64=7.2911220195563975E-304 bool=true")
                .contains("    15  0C  prim   0x0C len=0  (empty: \"\", false)");
    }

    @Test
    void integerEncodingOptionKeepsOnlyThatReading() {
        // y3cg primitive_test.go: int32 255 as PVarInt is 81 7F
        ToolRun r = ToolRun.run("dump", "--integer-encoding", "pvarint", "0A 02 81 7F");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("pvarint=255").doesNotContain("nvarint");
    }

    @Test
    void readsRawBytesFromStdinAndHexTextWithHexInput() {
        byte[] raw = {(byte) 0x84, 0x03, 0x01, 0x01, (byte) 0xFF};
        ToolRun fromRaw = ToolRun.run(raw, "dump");
        ToolRun fromHexText =
                ToolRun.run(
                        "84 03\n01 01 FF\n".getBytes(StandardCharsets.US_ASCII),
                        "dump",
                        "--hex-input",
                        "-");

        assertThat(fromRaw.code()).isZero();
        assertThat(fromRaw.out()).contains("     0  84  node   0x04 len=3").contains("nvarint=-1");
        assertThat(fromHexText.out()).isEqualTo(fromRaw.out());
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("frames.bin");
        Files.write(file, new byte[] {(byte) 0x86, 0x02, (byte) 0x83, 0x00});

        ToolRun r = ToolRun.run("dump", "--file", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines())
                .containsExactly(
                        "packet 1: offset 0, 4 bytes",
                        "     0  86  node   0x06 len=2",
                        "     2  83    node   0x03 len=0");
    }

    @Test
    void truncatedInputIsOneLineWithTheOffsetAndExitCode2() {
        ToolRun r = ToolRun.run("dump", "0B 04 79 6F 6D 6F  85 0D 84 06 01");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("\"yomo\""); // the good packet is printed first
        assertThat(r.err().lines())
                .containsExactly(
                        "y3 dump: malformed input: Y3 PAST_PARENT at byte offset 6: value of 13 bytes (tag 0x85) "
                                + "runs 10 bytes past the end of its container");
    }

    @Test
    void childRunningPastItsNodeIsReportedAtTheChildOffset() {
        ToolRun r = ToolRun.run("dump", "83 04 01 05 FF FF");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("     0  83  node   0x03 len=4");
        assertThat(r.err())
                .startsWith("y3 dump: malformed input: Y3 PAST_PARENT at byte offset 2:");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void negativeLengthIsRefused() {
        // y3 primitive_test.go: 04 74 01 01 has a negative length
        ToolRun r = ToolRun.run("dump", "04 74 01 01");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("NEGATIVE_LENGTH at byte offset 1");
    }

    @Test
    void maxPacketSizeAndMaxDepthAreEnforced() {
        StringBuilder big = new StringBuilder("01 81 7F"); // 255-byte value
        for (int i = 0; i < 255; i++) {
            big.append(String.format(" %02X", i));
        }
        ToolRun tooLarge = ToolRun.run("dump", "--max-packet-size", "100", big.toString());
        ToolRun tooDeep = ToolRun.run("dump", "--max-depth", "1", "85 05 84 03 01 01 FF");
        ToolRun fits = ToolRun.run("dump", "--max-depth", "2", "85 05 84 03 01 01 FF");

        assertThat(tooLarge.code()).isEqualTo(2);
        assertThat(tooLarge.err())
                .contains("TOO_LARGE at byte offset 1")
                .contains("maximum packet size 100");
        assertThat(tooDeep.code()).isEqualTo(2);
        assertThat(tooDeep.err()).contains("TOO_DEEP at byte offset 2");
        assertThat(fits.code()).isZero();
    }

    @Test
    void badHexNamesTheCharacter() {
        ToolRun odd = ToolRun.run("dump", "85 0D 8");
        ToolRun notHex = ToolRun.run("dump", "85 0G");

        assertThat(odd.code()).isEqualTo(2);
        assertThat(odd.err().trim())
                .isEqualTo("y3 dump: bad input: odd number of hex digits in '8' at character 6");
        assertThat(notHex.code()).isEqualTo(2);
        assertThat(notHex.err()).contains("not a hex digit: 'G' at character 4");
    }

    @Test
    void missingFileIsAnIoErrorWithoutStackTrace() {
        ToolRun r = ToolRun.run("dump", "--file", "/nonexistent/frames.bin");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines())
                .containsExactly("y3 dump: no such file: /nonexistent/frames.bin");
    }

    @Test
    void emptyInputSaysSo() {
        ToolRun r = ToolRun.run(new byte[0], "dump");

        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("(no packets: the input is empty)");
    }
}
