package dev.flinkyomo.yomo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTest {

    @Test
    void aNewlineCannotStartAForgedLogLine() {
        String hostile = "dev-1\n2024-01-01 00:00:00 INFO  YomoListener - admin logged in";

        String quoted = LogSafe.quote(hostile);

        assertThat(quoted)
                .isEqualTo("'dev-1\\n2024-01-01 00:00:00 INFO  YomoListener - admin logged in'")
                .doesNotContain("\n");
    }

    @Test
    void carriageReturnTabBackslashAndQuoteAreEscaped() {
        assertThat(LogSafe.quote("a\rb\tc\\d'e")).isEqualTo("'a\\rb\\tc\\\\d\\'e'");
    }

    @Test
    void ansiEscapeAndOtherControlCharactersBecomeUnicodeEscapes() {
        String ansi = "\u001b[31mred\u001b[0m\u0000\u007f\u009b";

        assertThat(LogSafe.quote(ansi))
                .isEqualTo("'\\u001b[31mred\\u001b[0m\\u0000\\u007f\\u009b'")
                .doesNotContain("\u001b");
    }

    @Test
    void bidiOverridesLineSeparatorsAndLoneSurrogatesAreEscaped() {
        assertThat(LogSafe.quote("a\u202eb\u2028c\ud800d\udc00"))
                .isEqualTo("'a\\u202eb\\u2028c\\ud800d\\udc00'");
    }

    @Test
    void printableNonAsciiStaysReadable() {
        assertThat(LogSafe.quote("温度传感器-1 \ud83d\ude00")).isEqualTo("'温度传感器-1 \ud83d\ude00'");
    }

    @Test
    void aTenKilobyteNameIsCutWithItsOriginalLength() {
        String huge = "x".repeat(10 * 1024);

        String quoted = LogSafe.quote(huge, 64);

        assertThat(quoted).isEqualTo("'" + "x".repeat(64) + "'...(10240 chars)");
    }

    @Test
    void theCutNeverSplitsAnEscapeOrASurrogatePair() {
        assertThat(LogSafe.quote("abc\n", 4)).isEqualTo("'abc'...(4 chars)");
        assertThat(LogSafe.quote("ab\ud83d\ude00", 3)).isEqualTo("'ab'...(4 chars)");
        assertThat(LogSafe.quote("abcd", 4)).isEqualTo("'abcd'");
    }

    @Test
    void nullIsNotTheStringNull() {
        assertThat(LogSafe.quote(null)).isEqualTo("null");
        assertThat(LogSafe.quote("null")).isEqualTo("'null'");
        assertThat(LogSafe.quote("")).isEqualTo("''");
    }

    @Test
    void escapeIsQuoteWithoutTheQuotes() {
        assertThat(LogSafe.escape("it's\n\u001b[0m", 100)).isEqualTo("it's\\n\\u001b[0m");
        assertThat(LogSafe.escape("abcdef", 3)).isEqualTo("abc...(6 chars)");
        assertThat(LogSafe.escape(null, 3)).isEqualTo("null");
    }
}
