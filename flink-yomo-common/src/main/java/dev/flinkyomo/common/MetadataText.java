package dev.flinkyomo.common;

import dev.flinkyomo.yomo.LogSafe;

import java.util.Map;

/**
 * Metadata as text for log lines and {@code toString}: devices choose its keys and values, so each
 * is quoted and escaped ({@link LogSafe}) and at most {@link #MAX_ENTRIES} are shown, so a record
 * with a newline in {@code yomo-tid} or ten thousand keys still logs as one short line.
 */
final class MetadataText {

    static final int MAX_ENTRIES = 16;
    private static final int MAX_KEY_CHARS = 64;

    private MetadataText() {}

    static String of(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        int shown = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (shown == MAX_ENTRIES) {
                sb.append(", ...(").append(map.size()).append(" entries)");
                break;
            }
            if (shown++ > 0) {
                sb.append(", ");
            }
            sb.append(LogSafe.quote(e.getKey(), MAX_KEY_CHARS))
                    .append('=')
                    .append(LogSafe.quote(e.getValue()));
        }
        return sb.append('}').toString();
    }
}
