package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;

/**
 * A Flink logical type resolved to its Y3 wire shape. Built only by {@link Y3RowLayout}, which
 * rejects every type the format cannot carry, so code working on a {@code Y3Type} never meets an
 * unsupported one.
 */
@Internal
public final class Y3Type implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Wire shapes. Integers narrower than 64 bits travel as Go int32. */
    public enum Kind {
        BOOLEAN,
        TINYINT,
        SMALLINT,
        INT,
        BIGINT,
        FLOAT,
        DOUBLE,
        STRING,
        BYTES,
        /** TIMESTAMP_LTZ(3) as int64 epoch milliseconds. */
        TIMESTAMP_LTZ,
        /** A node whose children are the row's fields. */
        ROW,
        /** A y3-codec-golang slice: a node with the array flag, items keyed 0x00. */
        ARRAY
    }

    private final Kind kind;
    private final LogicalType logicalType;
    private final Y3RowLayout row;
    private final Y3Type element;

    Y3Type(Kind kind, LogicalType logicalType, Y3RowLayout row, Y3Type element) {
        this.kind = kind;
        this.logicalType = logicalType;
        this.row = row;
        this.element = element;
    }

    public Kind kind() {
        return kind;
    }

    public LogicalType logicalType() {
        return logicalType;
    }

    /** Whether the value is a node on the wire (rows and arrays) rather than a primitive. */
    public boolean isNode() {
        return kind == Kind.ROW || kind == Kind.ARRAY;
    }

    /** The field layout of a ROW. */
    public Y3RowLayout row() {
        if (kind != Kind.ROW) {
            throw new IllegalStateException(kind + " has no row layout");
        }
        return row;
    }

    /** The element type of an ARRAY. */
    public Y3Type element() {
        if (kind != Kind.ARRAY) {
            throw new IllegalStateException(kind + " has no element type");
        }
        return element;
    }
}
