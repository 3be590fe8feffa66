package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import dev.flinkyomo.y3.Y3Tag;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each field of a ROW lives in Y3: its key inside the row's node and its wire shape, for the
 * row and, recursively, for nested rows. This is where a table's schema and the {@code y3.keys}
 * mapping are checked, so every mistake surfaces at planning time as a {@link ValidationException}
 * naming the column.
 *
 * <p>Keys come from the mapping; a row level with none of its fields mapped numbers them from
 * {@link #FIRST_DEFAULT_KEY} (y3-codec-golang's first user key) in declaration order. A level with
 * some fields mapped must map all of them, so a forgotten column is an error, not a silent guess.
 */
@Internal
public final class Y3RowLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int FIRST_DEFAULT_KEY = 0x10;

    /** One field of a row. */
    public static final class Field implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final String path;
        private final int key;
        private final Y3Type type;

        Field(String name, String path, int key, Y3Type type) {
            this.name = name;
            this.path = path;
            this.key = key;
            this.type = type;
        }

        public String name() {
            return name;
        }

        /** Dotted column path from the top-level row, e.g. {@code loc.lat}. */
        public String path() {
            return path;
        }

        public int key() {
            return key;
        }

        public Y3Type type() {
            return type;
        }

        public boolean nullable() {
            return type.logicalType().isNullable();
        }
    }

    private final Field[] fields;
    private final int[] indexByKey;

    private Y3RowLayout(Field[] fields) {
        this.fields = fields;
        this.indexByKey = new int[Y3Tag.MAX_KEY + 1];
        Arrays.fill(indexByKey, -1);
        for (int i = 0; i < fields.length; i++) {
            indexByKey[fields[i].key] = i;
        }
    }

    /**
     * Resolves a row type against a mapping of (dotted) column paths to keys.
     *
     * @throws ValidationException for an unsupported type, a missing, repeated or out-of-range key,
     *     or a mapping entry that names no column
     */
    public static Y3RowLayout of(RowType rowType, Map<String, Integer> mapping) {
        Set<String> used = new HashSet<>();
        Y3RowLayout layout = resolveRow(rowType, "", mapping, used);
        Set<String> unknown = new TreeSet<>(mapping.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new ValidationException(
                    "'y3.keys' names column(s) "
                            + quote(unknown)
                            + " that are not part of the row this format reads."
                            + " Known columns: "
                            + quote(allPaths(layout, new TreeSet<>()))
                            + ".");
        }
        return layout;
    }

    public int size() {
        return fields.length;
    }

    public Field field(int index) {
        return fields[index];
    }

    /** Index of the field with this key, or -1. */
    public int indexOfKey(int key) {
        return indexByKey[key];
    }

    private static Y3RowLayout resolveRow(
            RowType rowType, String prefix, Map<String, Integer> mapping, Set<String> used) {
        List<RowType.RowField> rowFields = rowType.getFields();
        boolean anyMapped = false;
        for (RowType.RowField f : rowFields) {
            anyMapped |= mapping.get(prefix + f.getName()) != null;
        }
        Field[] fields = new Field[rowFields.size()];
        String[] byKey = new String[Y3Tag.MAX_KEY + 1];
        for (int i = 0; i < fields.length; i++) {
            RowType.RowField f = rowFields.get(i);
            String path = prefix + f.getName();
            int key;
            if (anyMapped) {
                Integer k = mapping.get(path);
                if (k == null) {
                    throw new ValidationException(
                            "Column '"
                                    + path
                                    + "' has no key in 'y3.keys'. Map every field of a row level"
                                    + " or none of them (then they get 0x10, 0x11, ... in declaration order).");
                }
                key = k;
                used.add(path);
            } else {
                key = FIRST_DEFAULT_KEY + i;
                if (key > Y3Tag.MAX_KEY) {
                    throw new ValidationException(
                            "Column '"
                                    + path
                                    + "' would get the default key "
                                    + Y3Tag.hex(key)
                                    + ", above the largest Y3 key 0x3F: a row level has at most 48 default"
                                    + " keys (0x10..0x3F). Set 'y3.keys' to map the columns explicitly.");
                }
            }
            if (byKey[key] != null) {
                throw new ValidationException(
                        "Columns '"
                                + byKey[key]
                                + "' and '"
                                + path
                                + "' both map to Y3 key "
                                + Y3Tag.hex(key)
                                + "; keys must be unique within a row level.");
            }
            byKey[key] = path;
            fields[i] =
                    new Field(
                            f.getName(), path, key, resolveType(f.getType(), path, mapping, used));
        }
        return new Y3RowLayout(fields);
    }

    private static Y3Type resolveType(
            LogicalType type, String path, Map<String, Integer> mapping, Set<String> used) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return new Y3Type(Y3Type.Kind.BOOLEAN, type, null, null);
            case TINYINT:
                return new Y3Type(Y3Type.Kind.TINYINT, type, null, null);
            case SMALLINT:
                return new Y3Type(Y3Type.Kind.SMALLINT, type, null, null);
            case INTEGER:
                return new Y3Type(Y3Type.Kind.INT, type, null, null);
            case BIGINT:
                return new Y3Type(Y3Type.Kind.BIGINT, type, null, null);
            case FLOAT:
                return new Y3Type(Y3Type.Kind.FLOAT, type, null, null);
            case DOUBLE:
                return new Y3Type(Y3Type.Kind.DOUBLE, type, null, null);
            case CHAR:
            case VARCHAR:
                return new Y3Type(Y3Type.Kind.STRING, type, null, null);
            case BINARY:
            case VARBINARY:
                return new Y3Type(Y3Type.Kind.BYTES, type, null, null);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                if (((LocalZonedTimestampType) type).getPrecision() != 3) {
                    throw new ValidationException(
                            "Column '"
                                    + path
                                    + "' has type "
                                    + type.asSummaryString()
                                    + "; the y3 format"
                                    + " supports TIMESTAMP_LTZ(3) only (int64 epoch milliseconds).");
                }
                return new Y3Type(Y3Type.Kind.TIMESTAMP_LTZ, type, null, null);
            case ROW:
                return new Y3Type(
                        Y3Type.Kind.ROW,
                        type,
                        resolveRow((RowType) type, path + ".", mapping, used),
                        null);
            case ARRAY:
                // items all have key 0x00, so the element's row fields are addressed as path.field
                Y3Type element =
                        resolveType(((ArrayType) type).getElementType(), path, mapping, used);
                return new Y3Type(Y3Type.Kind.ARRAY, type, null, element);
            default:
                throw new ValidationException(
                        "Column '"
                                + path
                                + "' has type "
                                + type.asSummaryString()
                                + ", which the y3 format"
                                + " does not support. Supported: BOOLEAN, TINYINT, SMALLINT, INT, BIGINT,"
                                + " FLOAT, DOUBLE, CHAR/VARCHAR/STRING, BINARY/VARBINARY/BYTES,"
                                + " TIMESTAMP_LTZ(3), ROW and ARRAY of these.");
        }
    }

    private static Set<String> allPaths(Y3RowLayout layout, Set<String> into) {
        for (Field f : layout.fields) {
            into.add(f.path);
            Y3Type t = f.type;
            while (t.kind() == Y3Type.Kind.ARRAY) {
                t = t.element();
            }
            if (t.kind() == Y3Type.Kind.ROW) {
                allPaths(t.row(), into);
            }
        }
        return into;
    }

    private static String quote(Set<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(n).append('\'');
        }
        return sb.toString();
    }
}
