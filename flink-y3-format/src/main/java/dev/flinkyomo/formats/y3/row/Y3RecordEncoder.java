package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;

import dev.flinkyomo.y3.Y3Writer;

import java.io.Serializable;

/**
 * Writes a row as a Y3 record: the record node (if any) wrapping one TLV per non-null field in
 * declaration order, which is how y3-codec-golang writes a struct. Null fields are left out, so a
 * reader sees them as missing keys.
 */
@Internal
public final class Y3RecordEncoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Writes one internal value under a key. */
    @FunctionalInterface
    interface ValueEncoder extends Serializable {
        void write(Y3Writer writer, int key, Object value);
    }

    private final int[] recordPath;
    private final RowEncoder row;

    public Y3RecordEncoder(Y3RowLayout layout, int[] recordPath) {
        this.recordPath = recordPath.clone();
        this.row = new RowEncoder(layout);
    }

    /** Appends the record for {@code value} to {@code writer}. */
    public void write(Y3Writer writer, RowData value) {
        for (int key : recordPath) {
            writer.beginNode(key);
        }
        row.writeFields(writer, value);
        for (int i = 0; i < recordPath.length; i++) {
            writer.endNode();
        }
    }

    private static ValueEncoder encoder(Y3Type type, String column) {
        switch (type.kind()) {
            case BOOLEAN:
                return (w, k, v) -> w.bool(k, (Boolean) v);
            case TINYINT:
                return (w, k, v) -> w.int32(k, (Byte) v);
            case SMALLINT:
                return (w, k, v) -> w.int32(k, (Short) v);
            case INT:
                return (w, k, v) -> w.int32(k, (Integer) v);
            case BIGINT:
                return (w, k, v) -> w.int64(k, (Long) v);
            case FLOAT:
                return (w, k, v) -> w.float32(k, (Float) v);
            case DOUBLE:
                return (w, k, v) -> w.float64(k, (Double) v);
            case STRING:
                return (w, k, v) -> w.bytes(k, ((StringData) v).toBytes());
            case BYTES:
                return (w, k, v) -> w.bytes(k, (byte[]) v);
            case TIMESTAMP_LTZ:
                return (w, k, v) -> w.int64(k, ((TimestampData) v).getMillisecond());
            case ROW:
                RowEncoder nested = new RowEncoder(type.row());
                return (w, k, v) -> {
                    w.beginNode(k);
                    nested.writeFields(w, (RowData) v);
                    w.endNode();
                };
            case ARRAY:
                return new ArrayEncoder(type, column);
            default:
                throw new IllegalStateException("unhandled kind " + type.kind());
        }
    }

    private static final class RowEncoder implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int[] keys;
        private final RowData.FieldGetter[] getters;
        private final ValueEncoder[] encoders;

        RowEncoder(Y3RowLayout layout) {
            int n = layout.size();
            keys = new int[n];
            getters = new RowData.FieldGetter[n];
            encoders = new ValueEncoder[n];
            for (int i = 0; i < n; i++) {
                Y3RowLayout.Field f = layout.field(i);
                keys[i] = f.key();
                getters[i] = RowData.createFieldGetter(f.type().logicalType(), i);
                encoders[i] = encoder(f.type(), f.path());
            }
        }

        void writeFields(Y3Writer w, RowData row) {
            for (int i = 0; i < keys.length; i++) {
                Object v = getters[i].getFieldOrNull(row);
                if (v != null) {
                    encoders[i].write(w, keys[i], v);
                }
            }
        }
    }

    private static final class ArrayEncoder implements ValueEncoder {
        private static final long serialVersionUID = 1L;

        private final ArrayData.ElementGetter getter;
        private final ValueEncoder element;
        private final String column;

        ArrayEncoder(Y3Type type, String column) {
            this.getter =
                    ArrayData.createElementGetter(
                            ((ArrayType) type.logicalType()).getElementType());
            this.element = encoder(type.element(), column);
            this.column = column;
        }

        @Override
        public void write(Y3Writer w, int key, Object value) {
            ArrayData array = (ArrayData) value;
            w.beginArray(key);
            for (int i = 0; i < array.size(); i++) {
                Object item = getter.getElementOrNull(array, i);
                if (item == null) {
                    throw new IllegalArgumentException(
                            "Cannot write column '"
                                    + column
                                    + "' to Y3: item "
                                    + i
                                    + " is null, and a Y3 slice has no way to carry a null item.");
                }
                element.write(w, 0x00, item);
            }
            w.endNode();
        }
    }
}
