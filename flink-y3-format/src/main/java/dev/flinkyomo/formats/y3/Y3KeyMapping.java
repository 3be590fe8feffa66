package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The user's column-to-key mapping, for example {@code noise=0x11,time=0x12,loc=0x20,loc.lat=0x01}.
 * Names are column names; a dotted name addresses a field of a nested ROW (arrays are transparent:
 * the fields of an {@code ARRAY<ROW<a ...>>} column {@code c} are {@code c.a}). Only syntax is
 * checked here; whether the names exist is checked against the row type by {@code Y3RowLayout}.
 */
@PublicEvolving
public final class Y3KeyMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Y3KeyMapping EMPTY = new Y3KeyMapping(Collections.emptyMap());

    private final Map<String, Integer> keys; // insertion-ordered

    private Y3KeyMapping(Map<String, Integer> keys) {
        this.keys = keys;
    }

    /** No explicit keys: every row level numbers its fields from 0x10 in declaration order. */
    public static Y3KeyMapping defaults() {
        return EMPTY;
    }

    /**
     * Parses {@code name=0xNN[,name=0xNN...]}. Blank entries are ignored, so a trailing comma is
     * fine.
     *
     * @throws ValidationException naming the entry on bad syntax, a bad key or a repeated column
     */
    public static Y3KeyMapping parse(String text) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new ValidationException(
                        "Invalid entry '" + entry.trim() + "' in 'y3.keys': expected column=0xNN.");
            }
            String column = entry.substring(0, eq).trim();
            if (column.isEmpty()) {
                throw new ValidationException(
                        "Invalid entry '"
                                + entry.trim()
                                + "' in 'y3.keys': the column name is empty.");
            }
            int key =
                    Y3KeyPaths.parseKey(
                            entry.substring(eq + 1), "key of column '" + column + "' in 'y3.keys'");
            if (keys.put(column, key) != null) {
                throw new ValidationException(
                        "Column '" + column + "' appears twice in 'y3.keys'.");
            }
        }
        return new Y3KeyMapping(Collections.unmodifiableMap(keys));
    }

    /** Builds a mapping from code; same rules as {@link #parse}. */
    public static Y3KeyMapping of(Map<String, Integer> columnKeys) {
        StringBuilder sb = new StringBuilder();
        columnKeys.forEach(
                (c, k) -> sb.append(c).append("=0x").append(Integer.toHexString(k)).append(','));
        return parse(sb.toString());
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key of a (dotted) column path, or null if the mapping does not name it. */
    public Integer keyOf(String columnPath) {
        return keys.get(columnPath);
    }

    public Set<String> columns() {
        return keys.keySet();
    }

    /** Column path to key, read-only. */
    public Map<String, Integer> asMap() {
        return Collections.unmodifiableMap(keys);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Y3KeyMapping && keys.equals(((Y3KeyMapping) o).keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        keys.forEach(
                (c, k) ->
                        sb.append(sb.length() == 0 ? "" : ",")
                                .append(c)
                                .append('=')
                                .append(String.format("0x%02X", k)));
        return sb.toString();
    }
}
