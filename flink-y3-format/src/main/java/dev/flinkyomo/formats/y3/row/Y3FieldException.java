package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.y3.Y3Exception;

/**
 * A value of one column could not be decoded, or a required column is missing. Names the column,
 * its Y3 key path and, when the bytes are at fault, the byte offset in the record.
 */
@Internal
public final class Y3FieldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final String keyPath;
    private final long offset;

    /** Wraps a codec error met while decoding the column's value. */
    public Y3FieldException(String column, String keyPath, Y3Exception cause) {
        super(
                "column '" + column + "' (Y3 key path " + keyPath + "): " + cause.getMessage(),
                cause);
        this.column = column;
        this.keyPath = keyPath;
        this.offset = cause.offset();
    }

    /**
     * A value error found by the format itself (range, nulls); offset is relative to the record.
     */
    public Y3FieldException(String column, String keyPath, long offset, String detail) {
        super(
                "column '"
                        + column
                        + "' (Y3 key path "
                        + keyPath
                        + ")"
                        + (offset >= 0 ? " at byte offset " + offset : "")
                        + ": "
                        + detail);
        this.column = column;
        this.keyPath = keyPath;
        this.offset = offset;
    }

    public String column() {
        return column;
    }

    public String keyPath() {
        return keyPath;
    }

    /** Byte offset in the record, or -1 (e.g. for a missing key). */
    public long offset() {
        return offset;
    }
}
