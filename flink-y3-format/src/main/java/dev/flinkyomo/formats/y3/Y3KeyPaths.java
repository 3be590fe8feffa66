package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.ValidationException;

import dev.flinkyomo.y3.Y3KeyPath;

import java.util.Arrays;

/**
 * Y3 keys as users write them in options and annotations, in y3-codec's one grammar ({@link
 * Y3KeyPath}: hex {@code 0x00}..{@code 0x3F}, dotted paths {@code 0x01.0x10}, decimal refused),
 * with the codec's message wrapped in Flink's {@link ValidationException} naming the setting. The
 * {@code y3} tool uses the same grammar, so the CLI and SQL accept the same spellings.
 */
@PublicEvolving
public final class Y3KeyPaths {

    private Y3KeyPaths() {}

    /**
     * Parses one key.
     *
     * @param what names the setting in error messages, e.g. "key of column 'noise'"
     * @throws ValidationException if the text is not {@code 0x00}..{@code 0x3F}
     */
    public static int parseKey(String text, String what) {
        try {
            return Y3KeyPath.parseKey(text);
        } catch (IllegalArgumentException e) {
            throw invalid(what, e);
        }
    }

    /** Parses a dotted key path; the empty string is the empty path. */
    public static int[] parsePath(String text, String what) {
        try {
            return Y3KeyPath.parsePath(text);
        } catch (IllegalArgumentException e) {
            throw invalid(what, e);
        }
    }

    /** "0x01.0x10"; "" for the empty path. */
    public static String format(int[] path) {
        return Y3KeyPath.format(path);
    }

    static int[] append(int[] path, int key) {
        int[] p = Arrays.copyOf(path, path.length + 1);
        p[path.length] = key;
        return p;
    }

    private static ValidationException invalid(String what, IllegalArgumentException e) {
        return new ValidationException("Invalid " + what + ": " + e.getMessage(), e);
    }
}
