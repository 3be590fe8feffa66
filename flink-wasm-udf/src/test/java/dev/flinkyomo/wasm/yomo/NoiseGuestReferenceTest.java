package dev.flinkyomo.wasm.yomo;

import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.fixture;
import static dev.flinkyomo.wasm.yomo.YomoStreamFunctionTest.open;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The noise guest against the guest it replaced: {@code wasm/noise_reference.wasm} is noise.wasm as
 * built from commit e27f0eb (a straightforward parser that decodes every string and formats with
 * {@code format!}). On seeded random readings, with escapes, non-ASCII, control bytes, repeated and
 * escaped keys, nested values, odd numbers and byte-level damage, both must write the same records.
 */
class NoiseGuestReferenceTest {

    private static final int INPUTS = 20_000;

    private static final String[] KEYS = {
        "noise", "time", "from", "extra", "no\\u0069se", "fr\\u006fm", "", "nois", "fro\\m"
    };
    private static final String[] NUMBERS = {
        "170.5",
        "160",
        "42.5",
        "0",
        "-0",
        "1e400",
        "1e-400",
        "1.",
        "-.5",
        "1E+2",
        "00012",
        "1-2",
        "17.05",
        "1700000000000",
        "1e20",
        "9223372036854775808",
        "0.1",
        "0.30000000000000004",
        "1e308",
        "2.5e-7",
        "159.99999999999997",
        "160.00000000001",
        "+1",
        "-",
        "5e-324",
        "123456789012345678901234567890"
    };
    private static final String[] STRING_PARTS = {
        "s1",
        "s\\\"2",
        "\u00e9\\\\a\\u0001\\nz\\/\u00fc",
        "\\u+041",
        "\\uD83D\\uDE00",
        "\\u00e9",
        "\\uZZZZ",
        "\\u12",
        "\\x",
        "a\tb",
        "\u0001\u001f",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "\u65e5\u672c\u8a9e",
        "\\b\\f\\r\\t\\n\\/\\\\\\\"",
        "\\u0000",
        "\u007f",
        "\\U0041"
    };

    @Test
    void writesWhatTheReferenceGuestWrote() {
        WasmRuntimeConfig config =
                WasmRuntimeConfig.builder()
                        .engine(WasmEngineType.CHICORY)
                        .chicoryMode(ChicoryMode.COMPILED)
                        .callTimeout(Duration.ofSeconds(10))
                        .maxMemoryPages(16)
                        .guestLogBytesPerMinute(
                                0) // both guests report every malformed input; keep them off the
                        // test log
                        .build();
        Random random = new Random(20261126);
        int withOutput = 0;
        try (YomoStreamFunction reference = open(fixture("noise_reference.wasm"), config);
                YomoStreamFunction guest = open(ExampleGuests.load(ExampleGuests.NOISE), config)) {
            for (int i = 0; i < INPUTS; i++) {
                byte[] input = randomInput(random);
                List<YomoOutput> expected = reference.process(0x33, input);
                assertThat(guest.process(0x33, input))
                        .as("input %d: %s", i, new String(input, StandardCharsets.ISO_8859_1))
                        .isEqualTo(expected);
                withOutput += expected.isEmpty() ? 0 : 1;
            }
        }
        // The generator must reach the output path often, not only the rejections.
        assertThat(withOutput).isGreaterThan(INPUTS / 10);
    }

    private static byte[] randomInput(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "{");
        List<String> members = new ArrayList<>();
        if (r.nextBoolean()) {
            members.add(
                    "\"noise\":"
                            + pick(
                                    r,
                                    "170.5",
                                    "160",
                                    "42.5",
                                    "1e1",
                                    "-3",
                                    "159.9",
                                    "0.07",
                                    pick(r, NUMBERS)));
            members.add("\"time\":" + pick(r, "1700000000000", "5", "-0", "1e3", pick(r, NUMBERS)));
            members.add("\"from\":" + string(r));
            if (r.nextBoolean()) {
                members.add("\"" + pick(r, KEYS) + "\":" + value(r, 0));
            }
            Collections.shuffle(members, r);
        } else {
            for (int i = r.nextInt(6); i > 0; i--) {
                members.add("\"" + pick(r, KEYS) + "\"" + whitespace(r) + ":" + value(r, 0));
            }
        }
        write(out, String.join(",", members) + "}" + whitespace(r));
        byte[] bytes = out.toByteArray();
        return r.nextInt(3) == 0 ? damage(r, bytes) : bytes;
    }

    private static String value(Random r, int depth) {
        switch (r.nextInt(8)) {
            case 0:
            case 1:
            case 2:
                return whitespace(r) + pick(r, NUMBERS);
            case 3:
            case 4:
                return string(r);
            case 5:
                return pick(r, "true", "false", "null", "tru", "nul");
            case 6:
                return depth > 35
                        ? "[]"
                        : "["
                                + value(r, depth + 1)
                                + (r.nextBoolean() ? "," + value(r, depth + 1) : "")
                                + "]";
            default:
                return depth > 35 ? "{}" : "{" + string(r) + ":" + value(r, depth + 1) + "}";
        }
    }

    private static String string(Random r) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = r.nextInt(4); i > 0; i--) {
            s.append(r.nextInt(3) == 0 ? "y".repeat(r.nextInt(40)) : pick(r, STRING_PARTS));
        }
        return s.append('"').toString();
    }

    private static String whitespace(Random r) {
        return r.nextInt(4) == 0 ? pick(r, " ", "\n\t", "\r ", "\u000b") : "";
    }

    /** Truncates, inserts, deletes or overwrites a byte, including bytes that are not UTF-8. */
    private static byte[] damage(Random r, byte[] in) {
        int at = r.nextInt(in.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (r.nextInt(4)) {
            case 0:
                out.write(in, 0, at);
                break;
            case 1:
                out.write(in, 0, at);
                out.write(r.nextInt(256));
                out.write(in, at, in.length - at);
                break;
            case 2:
                out.write(in, 0, at);
                out.write(in, at + 1, in.length - at - 1);
                break;
            default:
                out.write(in, 0, in.length);
                byte[] b = out.toByteArray();
                b[at] = (byte) r.nextInt(256);
                return b;
        }
        return out.toByteArray();
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
