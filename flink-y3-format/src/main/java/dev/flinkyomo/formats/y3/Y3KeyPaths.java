package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.ValidationException;

import dev.flinkyomo.y3.Y3Tag;

import java.util.Arrays;

/**
 * Parses and prints Y3 keys as users write them in options and annotations: hex with a {@code 0x}
 * prefix ({@code 0x11}), as in Go's {@code y3:"0x11"} struct tags, and dotted key paths ({@code
 * 0x01.0x10}). Plain decimal is refused on purpose: {@code 11} would be ambiguous.
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
        String t = text.trim();
        if (!t.matches("0[xX][0-9a-fA-F]{1,2}")) {
            throw new ValidationException(
                    "Invalid "
                            + what
                            + ": '"
                            + text
                            + "'. Y3 keys are hex from 0x00 to 0x3F, e.g. 0x11.");
        }
        int key = Integer.parseInt(t.substring(2), 16);
        if (key > Y3Tag.MAX_KEY) {
            throw new ValidationException(
                    "Invalid "
                            + what
                            + ": "
                            + text
                            + " is above 0x3F. A Y3 tag keeps 6 bits for the key;"
                            + " bits 6 and 7 are the array and node flags.");
        }
        return key;
    }

    /** Parses a dotted key path; the empty string is the empty path. */
    public static int[] parsePath(String text, String what) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split("\\.", -1);
        int[] path = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            path[i] = parseKey(parts[i], what);
        }
        return path;
    }

    /** "0x01.0x10"; "" for the empty path. */
    public static String format(int[] path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(Y3Tag.hex(path[i]));
        }
        return sb.toString();
    }

    static int[] append(int[] path, int key) {
        int[] p = Arrays.copyOf(path, path.length + 1);
        p[path.length] = key;
        return p;
    }
}
