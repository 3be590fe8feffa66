package dev.flinkyomo.wasm.yomo;

import dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.open;
import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edge cases of the Rust noise guest (wasm-guests/rust-noise/noise.rs): the one-pass parser, the
 * in-place alert, the reused buffers and the fast number formatting must give exactly the bytes
 * Rust's std formatting and the original decoding gave.
 */
class NoiseGuestTest {

    private static List<YomoOutput> result(String json) {
        return List.of(new YomoOutput(0x34, utf8(json), null));
    }

    private static List<YomoOutput> resultAndAlert(String body) {
        return List.of(
                new YomoOutput(0x34, utf8("{" + body + "}"), null),
                new YomoOutput(0x35, utf8("{\"alert\":\"noise\"," + body + "}"), null));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void escapesInFromAreDecodedAndReEscaped(Engine engine) {
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\":10,\"time\":1,\"from\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}")))
                    .isEqualTo(
                            result(
                                    "{\"noise\":1,\"time\":1,\"from\":\"a\\\"b\\\\c/d\\u0008\\u000c\\u000a\\u000d\\u0009\"}"));
            // \\u escapes become UTF-8; a lone surrogate half becomes U+FFFD.
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\":10,\"time\":1,\"from\":\"\\u0041\\u00e9\\u65e5\\uD83D\\ude00!\"}")))
                    .isEqualTo(
                            result(
                                    "{\"noise\":1,\"time\":1,\"from\":\"A\u00e9\u65e5\ufffd\ufffd!\"}"));
            // Raw control bytes (accepted unescaped) are escaped on the way out; DEL is not a
            // control here.
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\":10,\"time\":1,\"from\":\"a\u0001b\u007fc\u001f \"}")))
                    .isEqualTo(
                            result(
                                    "{\"noise\":1,\"time\":1,\"from\":\"a\\u0001b\u007fc\\u001f \"}"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void plainRunsAroundEscapesSurviveEveryAlignment(Engine engine) {
        // The guest skips plain bytes eight at a time; put the special bytes at every offset.
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            for (int n = 0; n < 20; n++) {
                String pad = "x".repeat(n);
                String from = pad + "\\\"\u00e9\\u0001" + pad + "\u0002";
                String expected = pad + "\\\"\u00e9\\u0001" + pad + "\\u0002";
                assertThat(
                                fn.process(
                                        0x33,
                                        utf8(
                                                "{\"noise\":20,\"time\":1,\"from\":\""
                                                        + from
                                                        + "\"}")))
                        .as("padding %d", n)
                        .isEqualTo(
                                result("{\"noise\":2,\"time\":1,\"from\":\"" + expected + "\"}"));
                byte[] invalid =
                        utf8("{\"noise\":20,\"time\":1,\"from\":\"" + pad + "?" + pad + "\"}");
                invalid[invalid.length - 3 - n] = (byte) 0xFF;
                assertThat(fn.process(0x33, invalid))
                        .as("invalid UTF-8 after %d plain bytes", n)
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lastRepeatedKeyWinsAndEscapedKeysMatch(Engine engine) {
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\":1,\"noise\":170,\"time\":1,\"time\":2,\"from\":\"a\",\"from\":\"b\"}")))
                    .isEqualTo(resultAndAlert("\"noise\":17,\"time\":2,\"from\":\"b\""));
            // The last "noise" is not a number, so the reading is malformed even though an earlier
            // one was.
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\":170,\"time\":1,\"from\":\"a\",\"noise\":\"x\"}")))
                    .isEmpty();
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"no\\u0069se\":170,\"t\\u0069me\":3,\"fr\\u006fm\":\"x\"}")))
                    .isEqualTo(resultAndAlert("\"noise\":17,\"time\":3,\"from\":\"x\""));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void nestedValuesAreSkippedUpToTheDepthLimit(Engine engine) {
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"n\":{\"noise\":999},\"noise\":5,\"a\":[1,[2,{\"from\":\"q\"}]],"
                                                    + "\"time\":7,\"from\":\"r\",\"b\":true,\"c\":null}")))
                    .isEqualTo(result("{\"noise\":0.5,\"time\":7,\"from\":\"r\"}"));
            String tail = ",\"noise\":1,\"time\":2,\"from\":\"a\"}";
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"x\":"
                                                    + "{\"a\":".repeat(32)
                                                    + "1"
                                                    + "}".repeat(32)
                                                    + tail)))
                    .isEqualTo(result("{\"noise\":0.1,\"time\":2,\"from\":\"a\"}"));
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"x\":"
                                                    + "{\"a\":".repeat(33)
                                                    + "1"
                                                    + "}".repeat(33)
                                                    + tail)))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void malformedInputWritesNothing(Engine engine) {
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            byte[] notUtf8 = utf8("{\"noise\":1,\"time\":2,\"from\":\"ab?c\"}");
            notUtf8[30] = (byte) 0xFF;
            for (byte[] bad :
                    List.of(
                            notUtf8,
                            utf8("{\"noise\":1,\"time\":2,\"from\":\"abc"),
                            utf8("{\"noise\":1,\"time\":2,\"from\":\"a\"} x"),
                            utf8("{\"noise\":1,\"time\":1.5,\"from\":\"a\"}"),
                            utf8("{\"noise\":1e400,\"time\":1,\"from\":\"a\"}"),
                            utf8("{\"noise\":1,\"time\":1,\"from\":\"\\x\"}"),
                            utf8("{\"noise\":1,\"time\":1,\"from\":\"\\u12\"}"),
                            utf8("{\"noise\":1,\"time\":2,\"from\":\"a\",\"extra\":1e999}"),
                            utf8("{\"noise\":1,\"time\":2}"),
                            new byte[0])) {
                assertThat(fn.process(0x33, bad))
                        .as(new String(bad, java.nio.charset.StandardCharsets.UTF_8))
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void numbersAreFormattedLikeRustDisplay(Engine engine) {
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            String[][] cases = {
                // noise in, time in, noise out, time out
                {"70.5", "1", "7.05", "1"},
                {"0.1", "-0", "0.01", "0"},
                {"3", "1e3", "0.3", "1000"},
                {"-0", "-5", "-0", "-5"},
                {"159.99999999999997", "0", "15.999999999999996", "0"},
                {"1", "1e20", "0.1", "9223372036854775807"},
                {"1", "-1e20", "0.1", "-9223372036854775808"},
                {"0.5", "0", "0.05", "0"},
                {"12.34", "0", "1.234", "0"},
                {"0.07", "0", "0.007000000000000001", "0"},
                {"88.8", "0", "8.879999999999999", "0"},
                {"3.3", "0", "0.32999999999999996", "0"},
            };
            for (String[] c : cases) {
                assertThat(
                                fn.process(
                                        0x33,
                                        utf8(
                                                "{\"noise\":"
                                                        + c[0]
                                                        + ",\"time\":"
                                                        + c[1]
                                                        + ",\"from\":\"\"}")))
                        .as("noise %s, time %s", c[0], c[1])
                        .isEqualTo(
                                result(
                                        "{\"noise\":"
                                                + c[2]
                                                + ",\"time\":"
                                                + c[3]
                                                + ",\"from\":\"\"}"));
            }
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8("{\"noise\":170.5,\"time\":1700000000000,\"from\":\"\"}")))
                    .isEqualTo(
                            resultAndAlert("\"noise\":17.05,\"time\":1700000000000,\"from\":\"\""));
            // 17 significant digits (most float32 sensor readings divided by 10 need them), and a
            // value above 2^53, left to std's formatter and written out in full.
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8("{\"noise\":12345678901234567,\"time\":0,\"from\":\"\"}")))
                    .isEqualTo(
                            resultAndAlert(
                                    "\"noise\":1234567890123456.8,\"time\":0,\"from\":\"\""));
            assertThat(fn.process(0x33, utf8("{\"noise\":1e300,\"time\":0,\"from\":\"\"}")))
                    .isEqualTo(
                            resultAndAlert(
                                    "\"noise\":1" + "0".repeat(299) + ",\"time\":0,\"from\":\"\""));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void reusedBuffersCarryNothingOverBetweenRecords(Engine engine) {
        try (YomoStreamFunction fn = open(ExampleGuests.load(ExampleGuests.NOISE), engine.config)) {
            String longFrom = "y".repeat(5000);
            assertThat(
                            fn.process(
                                    0x33,
                                    utf8(
                                            "{\"noise\":170,\"time\":1,\"from\":\""
                                                    + longFrom
                                                    + "\"}")))
                    .isEqualTo(
                            resultAndAlert(
                                    "\"noise\":17,\"time\":1,\"from\":\"" + longFrom + "\""));
            assertThat(fn.process(0x33, utf8("{\"noise\":1,\"time\":2,\"from\":\"s\"}")))
                    .isEqualTo(result("{\"noise\":0.1,\"time\":2,\"from\":\"s\"}"));
            // A shorter record that is a prefix of the longer one must not be completed by its
            // leftovers.
            assertThat(fn.process(0x33, utf8("{\"noise\":170,\"time\":1,\"from\":\"yy"))).isEmpty();
        }
    }
}
