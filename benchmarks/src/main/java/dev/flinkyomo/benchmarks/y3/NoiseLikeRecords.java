package dev.flinkyomo.benchmarks.y3;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.RowType;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;

import java.util.ArrayList;
import java.util.List;

/**
 * The same logical records encoded as Y3 and as JSON. Field {@code fI} cycles through the noise
 * record's types: FLOAT (the noise level), BIGINT (the timestamp), STRING (the sender), and has key
 * {@code I + 1}, so 63 fields use every key 0x01..0x3F. A Y3 record is the node {@link #RECORD_KEY}
 * ({@code 90 L {fields}}), the layout the Y3 format reads by default.
 */
public final class NoiseLikeRecords {

    public static final int RECORD_KEY = 0x10;

    /** Column types, cycling like the noise record {noise FLOAT, time BIGINT, from STRING}. */
    public enum Kind {
        FLOAT,
        BIGINT,
        STRING
    }

    /** How many fields a reader observes. */
    public enum Observed {
        ONE,
        QUARTER,
        ALL
    }

    private NoiseLikeRecords() {}

    public static Kind kind(int field) {
        return Kind.values()[field % 3];
    }

    public static int key(int field) {
        return field + 1;
    }

    public static String name(int field) {
        return "f" + field;
    }

    public static RowType rowType(int fields) {
        DataTypes.Field[] columns = new DataTypes.Field[fields];
        for (int i = 0; i < fields; i++) {
            columns[i] =
                    DataTypes.FIELD(
                            name(i),
                            switch (kind(i)) {
                                case FLOAT -> DataTypes.FLOAT();
                                case BIGINT -> DataTypes.BIGINT();
                                case STRING -> DataTypes.STRING();
                            });
        }
        return (RowType) DataTypes.ROW(columns).getLogicalType();
    }

    /** The Y3 format's column-to-key mapping: {@code f0=0x01,f1=0x02,...}. */
    public static String keyMapping(int fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(name(i)).append("=0x").append(Integer.toHexString(key(i)));
        }
        return sb.toString();
    }

    /**
     * The observed columns. ONE is the FLOAT column nearest the middle (the "noise" a filter
     * reads), so the single decoded value has the same type at every record width and skipped
     * fields lie on both sides. QUARTER and ALL are spread evenly, so every type is represented.
     */
    public static int[] observedFields(int fields, Observed observed) {
        if (observed == Observed.ONE) {
            int middle = fields / 2;
            return new int[] {middle - middle % 3};
        }
        int k = observed == Observed.QUARTER ? Math.max(1, fields / 4) : fields;
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = (int) ((2L * j + 1) * fields / (2L * k));
        }
        return out;
    }

    public static float floatValue(int record, int field) {
        return 20f + (record * 7 + field) * 0.125f; // exact in binary, so JSON text round-trips
    }

    public static long bigintValue(int record, int field) {
        return 1_634_567_890_123L + record * 1000L + field;
    }

    public static String stringValue(int record, int field) {
        return "edge-" + record + "-sensor-" + field;
    }

    public static byte[] y3(int record, int fields) {
        Y3Writer w = new Y3Writer(IntegerEncoding.NVARINT);
        w.beginNode(RECORD_KEY);
        for (int i = 0; i < fields; i++) {
            switch (kind(i)) {
                case FLOAT -> w.float32(key(i), floatValue(record, i));
                case BIGINT -> w.int64(key(i), bigintValue(record, i));
                case STRING -> w.string(key(i), stringValue(record, i));
            }
        }
        return w.endNode().toByteArray();
    }

    public static byte[] json(int record, int fields) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(name(i)).append("\":");
            switch (kind(i)) {
                case FLOAT -> sb.append(floatValue(record, i));
                case BIGINT -> sb.append(bigintValue(record, i));
                case STRING -> sb.append('"').append(stringValue(record, i)).append('"');
            }
        }
        return sb.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The expected projected values of a record, as Java objects, in projection order. */
    public static List<Object> expected(int record, int[] projection) {
        List<Object> out = new ArrayList<>(projection.length);
        for (int f : projection) {
            out.add(
                    switch (kind(f)) {
                        case FLOAT -> floatValue(record, f);
                        case BIGINT -> bigintValue(record, f);
                        case STRING -> stringValue(record, f);
                    });
        }
        return out;
    }
}
