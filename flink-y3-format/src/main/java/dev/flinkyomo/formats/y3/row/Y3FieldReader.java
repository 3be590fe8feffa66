package dev.flinkyomo.formats.y3.row;

import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Tag;

import java.io.Serializable;

/**
 * Decodes one column's TLV: checks it is a node or a primitive as the column's type needs, runs the
 * value decoder, and turns any codec error into a {@link Y3FieldException} naming the column.
 */
final class Y3FieldReader implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final String keyPath;
    private final boolean node;
    private final Y3Type.Kind kind;
    private final Y3ValueDecoder decoder;
    private final Y3ValueDecoders.ScalarDecoder scalar; // null for ROW and ARRAY

    Y3FieldReader(String column, String keyPath, Y3Type type, Y3ValueDecoder decoder) {
        this.column = column;
        this.keyPath = keyPath;
        this.node = type.isNode();
        this.kind = type.kind();
        this.decoder = decoder;
        this.scalar =
                decoder instanceof Y3ValueDecoders.ScalarDecoder
                        ? (Y3ValueDecoders.ScalarDecoder) decoder
                        : null;
    }

    Object read(int tag, byte[] buf, int valueIndex, int valueLength, int base) {
        try {
            checkKind(tag, valueIndex, base);
            return decoder.decode(buf, valueIndex, valueLength, base);
        } catch (Y3Exception e) {
            throw new Y3FieldException(column, keyPath, e);
        }
    }

    /**
     * As {@link #read}, but into field {@code pos} of a binary row; only for {@link
     * #writesBinary()} columns.
     */
    void write(
            Y3BinaryRow row,
            int pos,
            int tag,
            byte[] buf,
            int valueIndex,
            int valueLength,
            int base) {
        try {
            checkKind(tag, valueIndex, base);
            scalar.write(row, pos, buf, valueIndex, valueLength, base);
        } catch (Y3Exception e) {
            throw new Y3FieldException(column, keyPath, e);
        }
    }

    /** Whether {@link #write} can produce this column: every type but ROW and ARRAY. */
    boolean writesBinary() {
        return scalar != null;
    }

    Y3Type.Kind kind() {
        return kind;
    }

    private void checkKind(int tag, int valueIndex, int base) {
        if (Y3Tag.isNode(tag) != node) {
            throw new Y3Exception(
                    Y3Exception.Reason.WRONG_KIND,
                    valueIndex - base,
                    node
                            ? "expected a node but found a primitive (tag " + Y3Tag.hex(tag) + ")"
                            : "expected a primitive but found a node (tag " + Y3Tag.hex(tag) + ")");
        }
    }

    /** The error for a column whose key is absent from the record. */
    Y3FieldException missing() {
        return new Y3FieldException(column, keyPath, -1, "key is missing from the record");
    }

    String column() {
        return column;
    }
}
