package dev.flinkyomo.y3.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkyomo.y3.tools.io.Hex;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonConversionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String NOISE_KEYS =
            "noise=0x11,time=0x12,from=0x13,loc=0x20,loc.lat=0x01,loc.lon=0x02,tags=0x21,ok=0x22";
    private static final String NOISE_TYPES =
            "noise=float32,time=int64,loc.lat=float64,loc.lon=float64,ok=bool,tags=string";

    @Test
    void fromJsonThenToJsonRoundTripsNestedObjectsArraysAndUnnamedKeys() throws Exception {
        String records =
                "{\"noise\":45.5,\"time\":1634567890123,\"from\":\"localhost\","
                        + "\"loc\":{\"lat\":1.5,\"lon\":-2.25},\"tags\":[\"a\",\"b\"],\"ok\":true}\n"
                        + "{\"noise\":12.0,\"time\":-1,\"from\":\"édge-2\",\"0x15\":\"01FF\",\"tags\":[]}\n";

        ToolRun encoded =
                ToolRun.run(
                        records.getBytes(StandardCharsets.UTF_8),
                        "fromjson",
                        "-k",
                        NOISE_KEYS,
                        "-t",
                        NOISE_TYPES,
                        "-r",
                        "0x10");
        assertThat(encoded.code()).isZero();
        List<String> hexLines = encoded.out().lines().toList();
        assertThat(hexLines).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("90 "));

        ToolRun decoded =
                ToolRun.run(
                        encoded.stdout(),
                        "tojson",
                        "--hex-input",
                        "-k",
                        NOISE_KEYS,
                        "-t",
                        NOISE_TYPES,
                        "-r",
                        "0x10");
        assertThat(decoded.code()).isZero();
        assertThat(decoded.err()).isEmpty();
        List<String> json = decoded.out().lines().toList();
        List<String> expected = records.lines().toList();
        assertThat(json).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(JSON.readTree(json.get(i))).isEqualTo(JSON.readTree(expected.get(i)));
        }
    }

    @Test
    void fromJsonMatchesTheY3NodeVector() {
        // y3@v1.0.5 node_test.go: node 0x03 {0x01: int32 -1, 0x02: int32 1}
        ToolRun r =
                ToolRun.run(
                        "fromjson",
                        "-k",
                        "a=0x01,b=0x02",
                        "-t",
                        "a=int32,b=int32",
                        "-r",
                        "0x03",
                        "{\"a\":-1,\"b\":1}");

        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("83 06 01 01 FF 02 01 01");
    }

    @Test
    void readsAndWritesTheY3CodecGolangExplainerStruct() {
        // SourceData{Name:"yomo", Noise:456, Therm{30, 40}} with y3.NewCodec(0x20): root 0x01,
        // record 0x20
        String bytes = "81 16 A0 14 10 04 79 6F 6D 6F 11 02 43 E4 92 08 13 02 41 F0 14 02 42 20";
        String[] mapping = {
            "-k",
            "name=0x10,noise=0x11,therm=0x12,therm.temperature=0x13,therm.humidity=0x14",
            "-t",
            "noise=float32,therm.temperature=float32,therm.humidity=float32",
            "-r",
            "0x01.0x20",
            "--integer-encoding",
            "pvarint"
        };
        String json =
                "{\"name\":\"yomo\",\"noise\":456.0,\"therm\":{\"temperature\":30.0,\"humidity\":40.0}}";

        ToolRun toJson = ToolRun.run(concat(new String[] {"tojson", bytes}, mapping));
        ToolRun fromJson = ToolRun.run(concat(new String[] {"fromjson", json}, mapping));

        assertThat(toJson.code()).isZero();
        assertThat(toJson.out().trim()).isEqualTo(json);
        assertThat(fromJson.code()).isZero();
        assertThat(fromJson.out().trim()).isEqualTo(bytes);
    }

    @Test
    void arraysAreY3CodecGolangSlices() {
        // y3cg: NewCodec(0x10).Marshal([]int32{123, 456}) = 81 0A D0 08 00 02 80 7B 00 02 83 48
        ToolRun r =
                ToolRun.run(
                        "fromjson",
                        "-k",
                        "v=0x10",
                        "-t",
                        "v=int32",
                        "-r",
                        "0x01",
                        "--integer-encoding",
                        "pvarint",
                        "{\"v\":[123,456]}");

        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("81 0A D0 08 00 02 80 7B 00 02 83 48");
    }

    @Test
    void unsignedTypesKeepGoBitReinterpretation() {
        ToolRun r =
                ToolRun.run(
                        "fromjson",
                        "-r",
                        "",
                        "-k",
                        "u=0x01,w=0x02",
                        "-t",
                        "u=uint32,w=uint64",
                        "{\"u\":4294967295,\"w\":18446744073709551615}");
        ToolRun back =
                ToolRun.run(
                        "tojson",
                        "-r",
                        "",
                        "-k",
                        "u=0x01,w=0x02",
                        "-t",
                        "u=uint32,w=uint64",
                        "01 01 FF 02 01 FF");

        assertThat(r.out().trim()).isEqualTo("01 01 FF 02 01 FF");
        assertThat(back.out().trim()).isEqualTo("{\"u\":4294967295,\"w\":18446744073709551615}");
    }

    @Test
    void rawOutputIsThePacketsBackToBack() {
        ToolRun hex =
                ToolRun.run(
                        "fromjson", "-k", "s=0x0B", "-r", "0x05", "{\"s\":\"yomo\"} {\"s\":\"C\"}");
        ToolRun raw =
                ToolRun.run(
                        "fromjson",
                        "-k",
                        "s=0x0B",
                        "-r",
                        "0x05",
                        "-o",
                        "raw",
                        "{\"s\":\"yomo\"} {\"s\":\"C\"}");

        assertThat(hex.out().lines()).containsExactly("85 06 0B 04 79 6F 6D 6F", "85 03 0B 01 43");
        assertThat(raw.code()).isZero();
        assertThat(Hex.spaced(raw.stdout())).isEqualTo("85 06 0B 04 79 6F 6D 6F 85 03 0B 01 43");
    }

    @Test
    void withoutMappingEveryKeyIsItsLiteralNameWithBytesValues() throws Exception {
        ToolRun r =
                ToolRun.run("tojson", "-r", "0x05", "85 0D 84 06 01 01 FF 02 01 43 83 03 01 01 FE");

        assertThat(r.code()).isZero();
        assertThat(JSON.readTree(r.out()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"0x04\":{\"0x01\":\"FF\",\"0x02\":\"43\"},\"0x03\":{\"0x01\":\"FE\"}}"));
    }

    @Test
    void packetsThatAreNotRecordsAreSkippedWithAWarning() {
        ToolRun r =
                ToolRun.run("tojson", "-k", "s=0x0B", "-r", "0x05", "0A 02 3F 80 85 03 0B 01 43");

        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("{\"s\":\"C\"}");
        assertThat(r.err().trim())
                .isEqualTo(
                        "y3 tojson: warning: skipped the packet at offset 0: tag 0A is not the record node 0x05");
    }

    @Test
    void valueThatIsNotValidForItsTypeNamesFieldAndOffset() {
        // 'from' defaults to string; FF FE is not UTF-8
        ToolRun r =
                ToolRun.run(
                        "tojson",
                        "-k",
                        "noise=0x11,from=0x13",
                        "-r",
                        "0x10",
                        "90 07 11 01 00 13 02 FF FE");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines())
                .containsExactly(
                        "y3 tojson: bad input: field 'from' (key 0x13) read as string: Y3 BAD_VALUE at byte offset 7: "
                                + "string is not valid UTF-8 (set its type with --types)");
    }

    @Test
    void malformedY3InToJsonIsExitCode2WithOffset() {
        ToolRun r = ToolRun.run("tojson", "-r", "0x10", "90 06 11 09 00");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("y3 tojson: malformed input: Y3 PAST_PARENT at byte offset 0");
    }

    @Test
    void jsonProblemsNameTheRecordAndLine() {
        byte[] input = "{\"a\":1}\n{\"a\":1.5}\n".getBytes(StandardCharsets.UTF_8);
        ToolRun notInt = ToolRun.run(input, "fromjson", "-r", "", "-k", "a=0x01", "-t", "a=int32");
        ToolRun unmapped = ToolRun.run("fromjson", "-k", "a=0x01", "{\"a\":1,\"loc\":{\"x\":2}}");
        ToolRun unmappedNested = ToolRun.run("fromjson", "-k", "loc=0x01", "{\"loc\":{\"x\":2}}");
        ToolRun broken =
                ToolRun.run(
                        "{\"a\":1}\n{\"a\":".getBytes(StandardCharsets.UTF_8),
                        "fromjson",
                        "-k",
                        "a=0x01");

        assertThat(notInt.code()).isEqualTo(2);
        assertThat(notInt.out().trim()).isEqualTo("01 01 01"); // record 1 was written
        assertThat(notInt.err().trim())
                .isEqualTo(
                        "y3 fromjson: bad input: record 2 (line 2): field 'a' (key 0x01): 1.5 does not fit type int32");
        assertThat(unmapped.err().trim())
                .isEqualTo(
                        "y3 fromjson: bad input: record 1 (line 1): field 'loc' has no key: "
                                + "map it with --keys or name it by its key (0x11)");
        assertThat(unmappedNested.err()).contains("field 'loc.x' has no key");
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err())
                .startsWith("y3 fromjson: bad input: record 2: invalid JSON at line 2");
        assertThat(broken.err().lines()).hasSize(1);
    }

    @Test
    void badMappingsAreUsageErrors() {
        ToolRun keyTooBig = ToolRun.run("tojson", "-k", "a=0x40", "01 01 01");
        ToolRun duplicate = ToolRun.run("tojson", "-k", "a=0x11,b=0x11", "01 01 01");
        ToolRun orphan = ToolRun.run("tojson", "-k", "loc.lat=0x01", "01 01 01");
        ToolRun unknownType = ToolRun.run("tojson", "-k", "a=0x01", "-t", "a=decimal", "01 01 01");
        ToolRun typeForUnmapped =
                ToolRun.run("tojson", "-k", "a=0x01", "-t", "b=int32", "01 01 01");

        assertThat(keyTooBig.code()).isEqualTo(2);
        assertThat(keyTooBig.err()).contains("'0x40' is not a Y3 key: it is above 0x3F");
        assertThat(duplicate.err()).contains("'a' and 'b' both use key 0x11");
        assertThat(orphan.err()).contains("--keys maps 'loc.lat' but not its parent 'loc'");
        assertThat(unknownType.err()).contains("unknown type 'decimal'");
        assertThat(typeForUnmapped.err()).contains("--types names 'b', which --keys does not map");
    }

    @Test
    void nestingIsBoundedByMaxDepthAndTheWriter() {
        String deep = "{\"0x01\":".repeat(70) + "\"00\"" + "}".repeat(70);

        ToolRun defaultDepth = ToolRun.run("fromjson", deep);
        ToolRun aboveWriterCap = ToolRun.run("fromjson", "--max-depth", "100", deep);

        assertThat(defaultDepth.code()).isEqualTo(2);
        assertThat(defaultDepth.err()).contains("nests deeper than --max-depth 64");
        assertThat(aboveWriterCap.code()).isEqualTo(2);
        assertThat(aboveWriterCap.err())
                .startsWith(
                        "y3 fromjson: bad input: record 1 (line 1): the record cannot be encoded");
    }

    /**
     * Without -r both directions use the Flink format's default record path, 0x10 ('90 L
     * {fields}'); flink-y3-format's Y3DefaultsAgreeWithTheToolTest checks the bytes against the
     * format itself.
     */
    @Test
    void theDefaultRecordPathIsTheFormatsDefault0x10() {
        ToolRun out = ToolRun.run("fromjson", "-k", "a=0x11", "-t", "a=int32", "{\"a\":1}");
        ToolRun back = ToolRun.run("tojson", "-k", "a=0x11", "-t", "a=int32", out.out());
        ToolRun none =
                ToolRun.run("fromjson", "-r", "", "-k", "a=0x11", "-t", "a=int32", "{\"a\":1}");

        assertThat(out.out().trim()).isEqualTo("90 03 11 01 01");
        assertThat(back.out().trim()).isEqualTo("{\"a\":1}");
        assertThat(none.out().trim()).isEqualTo("11 01 01");
        assertThat(ToolRun.run("fromjson", "--help").out())
                .contains("--record-path")
                .contains("default: 0x10");
    }

    @Test
    void typesForUnnamedKeysNeedNoMapping() throws Exception {
        ToolRun r = ToolRun.run("tojson", "-r", "", "-t", "0x0A=float32", "0A 02 3F 80");

        assertThat(r.code()).isZero();
        assertThat(JSON.readTree(r.out())).isEqualTo(JSON.readTree("{\"0x0A\":1.0}"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
