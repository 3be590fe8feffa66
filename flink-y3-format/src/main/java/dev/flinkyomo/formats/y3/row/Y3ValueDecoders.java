package dev.flinkyomo.formats.y3.row;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.utils.LogicalTypeUtils;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3Tag;
import dev.flinkyomo.y3.Y3Values;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Builds the decoder tree for a {@link Y3Type}, like flink-json's {@code JsonToRowDataConverters}:
 * one small object per type, created once per schema, so the per-record path is a chain of direct
 * calls with no type dispatch.
 */
final class Y3ValueDecoders {

    private Y3ValueDecoders() {}

    /**
     * @param column dotted column name for error messages
     * @param keyPath key path of the value for error messages, e.g. {@code 0x10.0x20}
     */
    static Y3FieldReader reader(
            Y3Type type, String column, String keyPath, Y3DecodeSettings settings) {
        return new Y3FieldReader(column, keyPath, type, decoder(type, column, keyPath, settings));
    }

    static Y3ValueDecoder decoder(
            Y3Type type, String column, String keyPath, Y3DecodeSettings settings) {
        switch (type.kind()) {
            case ROW:
                return new RowNodeDecoder(type.row(), column, keyPath, settings);
            case ARRAY:
                return new ArrayNodeDecoder(type.element(), column, keyPath, settings);
            default:
                return new ScalarDecoder(type.kind(), settings.integerEncoding());
        }
    }

    /**
     * Every primitive type in one final class with a switch, not a lambda per type: the call from
     * {@link Y3FieldReader} then sees one receiver class for all primitive columns and is inlined,
     * where a lambda per type made it a megamorphic interface call once a row had three types.
     */
    static final class ScalarDecoder implements Y3ValueDecoder {
        private static final long serialVersionUID = 1L;

        private final Y3Type.Kind kind;
        private final IntegerEncoding ints;

        /**
         * {@link #write} switches on this int, not on the enum: a switch on an enum goes through a
         * synthetic ordinal map (two more dependent loads per value; {@code Enum.ordinal} was 2% of
         * the samples at 16 columns).
         */
        private final int code;

        private static final int FLOAT = 0;
        private static final int INT64 = 1; // BIGINT and TIMESTAMP_LTZ(3) (epoch milliseconds)
        private static final int STRING = 2;
        private static final int INT = 3;
        private static final int DOUBLE = 4;
        private static final int BOOLEAN = 5;
        private static final int TINYINT = 6;
        private static final int SMALLINT = 7;
        private static final int BYTES = 8;

        ScalarDecoder(Y3Type.Kind kind, IntegerEncoding ints) {
            this.kind = kind;
            this.ints = ints;
            this.code = code(kind);
        }

        private static int code(Y3Type.Kind kind) {
            switch (kind) {
                case FLOAT:
                    return FLOAT;
                case BIGINT:
                case TIMESTAMP_LTZ:
                    return INT64;
                case STRING:
                    return STRING;
                case INT:
                    return INT;
                case DOUBLE:
                    return DOUBLE;
                case BOOLEAN:
                    return BOOLEAN;
                case TINYINT:
                    return TINYINT;
                case SMALLINT:
                    return SMALLINT;
                case BYTES:
                    return BYTES;
                default:
                    return -1; // not a scalar: decode() and write() throw
            }
        }

        @Override
        public Object decode(byte[] buf, int off, int len, int base) {
            switch (kind) {
                case FLOAT:
                    return Y3Values.float32(buf, off, len, base);
                case BIGINT:
                    return ints.read64(buf, off, len, base);
                case STRING:
                    return string(buf, off, len, base);
                case INT:
                    // a Go uint32 is the same bits: values above 2^31-1 arrive negative, as Go's
                    // int32(v)
                    return ints.read32(buf, off, len, base);
                case DOUBLE:
                    return Y3Values.float64(buf, off, len, base);
                case BOOLEAN:
                    return Y3Values.bool(buf, off, len, base);
                case TINYINT:
                    return (byte) narrow(buf, off, len, base);
                case SMALLINT:
                    return (short) narrow(buf, off, len, base);
                case BYTES:
                    return Arrays.copyOfRange(buf, off, off + len);
                case TIMESTAMP_LTZ:
                    return TimestampData.fromEpochMillis(ints.read64(buf, off, len, base));
                default:
                    throw new IllegalStateException("unhandled kind " + kind);
            }
        }

        /**
         * The value into a binary row, unboxed: the same decoding, checks and errors as {@link
         * #decode}; a STRING or BYTES value is copied once, into the row. TIMESTAMP_LTZ(3) is
         * stored as its epoch milliseconds, as {@code BinaryRowWriter} stores a compact timestamp.
         */
        void write(Y3BinaryRow row, int pos, byte[] buf, int off, int len, int base) {
            switch (code) {
                case FLOAT:
                    row.setFloat(pos, Y3Values.float32(buf, off, len, base));
                    return;
                case INT64:
                    row.setLong(pos, ints.read64(buf, off, len, base));
                    return;
                case STRING:
                    checkUtf8(buf, off, len, base);
                    row.setBytes(pos, buf, off, len);
                    return;
                case INT:
                    row.setInt(pos, ints.read32(buf, off, len, base));
                    return;
                case DOUBLE:
                    row.setDouble(pos, Y3Values.float64(buf, off, len, base));
                    return;
                case BOOLEAN:
                    row.setBoolean(pos, Y3Values.bool(buf, off, len, base));
                    return;
                case TINYINT:
                    row.setByte(pos, (byte) narrow(buf, off, len, base));
                    return;
                case SMALLINT:
                    row.setShort(pos, (short) narrow(buf, off, len, base));
                    return;
                case BYTES:
                    row.setBytes(pos, buf, off, len);
                    return;
                default:
                    throw new IllegalStateException("unhandled kind " + kind);
            }
        }

        /** TINYINT or SMALLINT: a 32-bit integer that must fit the column. */
        private int narrow(byte[] buf, int off, int len, int base) {
            boolean tiny = kind == Y3Type.Kind.TINYINT;
            int v = ints.read32(buf, off, len, base);
            if (v < (tiny ? Byte.MIN_VALUE : Short.MIN_VALUE)
                    || v > (tiny ? Byte.MAX_VALUE : Short.MAX_VALUE)) {
                throw new Y3Exception(
                        Y3Exception.Reason.BAD_VALUE,
                        off - base,
                        "value " + v + " does not fit " + (tiny ? "TINYINT" : "SMALLINT"));
            }
            return v;
        }
    }

    /** Validates UTF-8 in place and copies the bytes once, straight into StringData. */
    private static StringData string(byte[] buf, int off, int len, int base) {
        checkUtf8(buf, off, len, base);
        return StringData.fromBytes(Arrays.copyOfRange(buf, off, off + len));
    }

    private static void checkUtf8(byte[] buf, int off, int len, int base) {
        int bad = Utf8.firstInvalid(buf, off, len);
        if (bad >= 0) {
            throw new Y3Exception(
                    Y3Exception.Reason.BAD_VALUE, bad - base, "string is not valid UTF-8");
        }
    }

    /** A nested ROW: every field of the node is decoded (the projection ends at the row). */
    static final class RowNodeDecoder implements Y3ValueDecoder {
        private static final long serialVersionUID = 1L;

        private final Y3RowLayout layout;
        private final Y3FieldReader[] readers;
        private final boolean[] required;
        private final Y3Limits limits;

        RowNodeDecoder(
                Y3RowLayout layout, String column, String keyPath, Y3DecodeSettings settings) {
            this.layout = layout;
            this.readers = new Y3FieldReader[layout.size()];
            this.required = new boolean[layout.size()];
            for (int i = 0; i < readers.length; i++) {
                Y3RowLayout.Field f = layout.field(i);
                readers[i] =
                        reader(f.type(), f.path(), keyPath + "." + Y3Tag.hex(f.key()), settings);
                required[i] = settings.failOnMissingKey() || !f.nullable();
            }
            this.limits = Y3Limits.of(settings.maxPacketSize(), Y3Limits.DEFAULT_MAX_DEPTH);
        }

        @Override
        public Object decode(byte[] buf, int off, int len, int base) {
            GenericRowData row = new GenericRowData(readers.length);
            Y3Cursor tlv = new Y3Cursor(buf, off, len, base, limits);
            while (tlv.next()) {
                int i = layout.indexOfKey(tlv.tag() & Y3Tag.KEY_MASK);
                if (i >= 0) { // the last duplicate wins
                    row.setField(
                            i,
                            readers[i].read(
                                    tlv.tag(), buf, tlv.valueIndex(), tlv.valueLength(), base));
                }
            }
            for (int i = 0; i < readers.length; i++) {
                if (required[i] && row.isNullAt(i)) {
                    throw readers[i].missing();
                }
            }
            return row;
        }
    }

    /**
     * A y3-codec-golang slice. Items are read in order whatever their key, as y3cg's To*Slice do.
     */
    static final class ArrayNodeDecoder implements Y3ValueDecoder {
        private static final long serialVersionUID = 1L;

        private final Y3ValueDecoder element;
        private final boolean elementIsNode;
        private final Class<?> elementClass;
        private final String column;
        private final String keyPath;
        private final Y3Limits limits;

        ArrayNodeDecoder(
                Y3Type elementType, String column, String keyPath, Y3DecodeSettings settings) {
            this.element = decoder(elementType, column, keyPath + ".0x00", settings);
            this.elementClass =
                    LogicalTypeUtils.toInternalConversionClass(elementType.logicalType());
            this.elementIsNode = elementType.isNode();
            this.column = column;
            this.keyPath = keyPath;
            this.limits = Y3Limits.of(settings.maxPacketSize(), Y3Limits.DEFAULT_MAX_DEPTH);
        }

        @Override
        public Object decode(byte[] buf, int off, int len, int base) {
            int count = 0;
            for (Y3Cursor counting = new Y3Cursor(buf, off, len, base, limits); counting.next(); ) {
                count++;
            }
            // typed like Flink's own converters expect (StringData[], Integer[], ...), not Object[]
            Object[] items = (Object[]) Array.newInstance(elementClass, count);
            Y3Cursor tlv = new Y3Cursor(buf, off, len, base, limits);
            for (int i = 0; tlv.next(); i++) {
                try {
                    if (Y3Tag.isNode(tlv.tag()) != elementIsNode) {
                        throw new Y3Exception(
                                Y3Exception.Reason.WRONG_KIND,
                                tlv.tagOffset(),
                                (elementIsNode ? "expected a node" : "expected a primitive")
                                        + " item but found tag "
                                        + Y3Tag.hex(tlv.tag()));
                    }
                    items[i] = element.decode(buf, tlv.valueIndex(), tlv.valueLength(), base);
                } catch (Y3Exception e) {
                    throw new Y3FieldException(column + "[" + i + "]", keyPath, e);
                }
            }
            return new GenericArrayData(items);
        }
    }
}
