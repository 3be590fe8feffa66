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
    private final Y3ValueDecoder decoder;

    Y3FieldReader(String column, String keyPath, Y3Type type, Y3ValueDecoder decoder) {
        this.column = column;
        this.keyPath = keyPath;
        this.node = type.isNode();
        this.decoder = decoder;
    }

    Object read(int tag, byte[] buf, int valueIndex, int valueLength, int base) {
        try {
            if (Y3Tag.isNode(tag) != node) {
                throw new Y3Exception(
                        Y3Exception.Reason.WRONG_KIND,
                        valueIndex - base,
                        node
                                ? "expected a node but found a primitive (tag "
                                        + Y3Tag.hex(tag)
                                        + ")"
                                : "expected a primitive but found a node (tag "
                                        + Y3Tag.hex(tag)
                                        + ")");
            }
            return decoder.decode(buf, valueIndex, valueLength, base);
        } catch (Y3Exception e) {
            throw new Y3FieldException(column, keyPath, e);
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
