package dev.flinkyomo.y3.tools.io;

import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.Y3KeyPath;
import dev.flinkyomo.y3.Y3Tag;

import java.util.regex.Pattern;

/**
 * What the command line adds to y3-codec's key grammar ({@link Y3KeyPath}, which parses keys and
 * paths here as in the Flink format): JSON field names that are keys themselves ({@code 0x15}), for
 * keys that have no name in the mapping.
 */
@Internal
public final class KeyLiterals {

    /** A field name that is itself a key, in the spelling {@link Y3KeyPath#parseKey} accepts. */
    private static final Pattern LITERAL_NAME = Pattern.compile("0[xX][0-9a-fA-F]{1,2}");

    private KeyLiterals() {}

    public static boolean isLiteralName(String name) {
        return LITERAL_NAME.matcher(name).matches();
    }

    /** The name a key without a mapped name gets in JSON: {@code 0x15}. */
    public static String literalName(int key) {
        return Y3Tag.hex(key);
    }
}
