package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The one exception the Y3 codec throws for bytes it cannot accept. It names the byte offset
 * (relative to the start of the input the caller handed over) and a {@link Reason}, so a malformed
 * packet never surfaces as an IndexOutOfBounds or a silent misread.
 */
@PublicEvolving
public class Y3Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the input was refused. */
    public enum Reason {
        /** The input ends inside a tag, a length or a value. */
        TRUNCATED,
        /**
         * A length decoded to a negative number (signed PVarInt32 lengths allow it on the wire).
         */
        NEGATIVE_LENGTH,
        /** A length is above the configured maximum packet size. */
        TOO_LARGE,
        /** A length field has more bytes than a 32-bit length can need. */
        LENGTH_OVERFLOW,
        /** A child TLV runs past the end of its parent node. */
        PAST_PARENT,
        /** Nodes nest deeper than the configured limit. */
        TOO_DEEP,
        /** A value does not fit the type it is read as (wrong width, bad UTF-8, ...). */
        BAD_VALUE,
        /** A primitive was found where a node was expected, or the other way round. */
        WRONG_KIND,
        /** A tag or key outside what Y3 allows (keys above 0x3F on encode). */
        BAD_TAG
    }

    private final long offset;
    private final Reason reason;

    public Y3Exception(Reason reason, long offset, String detail) {
        super("Y3 " + reason + " at byte offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    /** Byte offset of the problem, relative to the start of the input. -1 when not applicable. */
    public long offset() {
        return offset;
    }

    public Reason reason() {
        return reason;
    }
}
