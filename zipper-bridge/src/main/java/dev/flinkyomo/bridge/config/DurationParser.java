package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Flink users write them: {@code 500ms}, {@code 10s}, {@code 2min}, {@code 1h}; a bare
 * number is milliseconds. Used for the {@code flink:} section and for {@code --duration}.
 */
@PublicEvolving
public final class DurationParser {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*([a-z]*)\\s*");

    private DurationParser() {}

    /**
     * A duration above zero, as command-line options take them.
     *
     * @throws IllegalArgumentException naming the text, with examples, otherwise
     */
    public static Duration parsePositive(String text) {
        return parse(text)
                .filter(d -> !d.isZero())
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "expected a positive duration such as 100ms, 30s, 5min"
                                                + " or 1h, got '"
                                                + text
                                                + "'"));
    }

    public static Optional<Duration> parse(String text) {
        Matcher m = FORMAT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return toDuration(Long.parseLong(m.group(1)), m.group(2));
        } catch (NumberFormatException | ArithmeticException e) {
            // More digits than a long or a Duration holds.
            return Optional.empty();
        }
    }

    private static Optional<Duration> toDuration(long amount, String unit) {
        switch (unit) {
            case "":
            case "ms":
                return Optional.of(Duration.ofMillis(amount));
            case "s":
            case "sec":
                return Optional.of(Duration.ofSeconds(amount));
            case "m":
            case "min":
                return Optional.of(Duration.ofMinutes(amount));
            case "h":
                return Optional.of(Duration.ofHours(amount));
            default:
                return Optional.empty();
        }
    }

    /** Human form used in messages and in {@code plan}: the largest exact unit. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
