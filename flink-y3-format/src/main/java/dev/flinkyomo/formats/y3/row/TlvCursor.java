package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.y3.Y3Header;

/**
 * Walks the TLVs of one node's value with error offsets relative to a record start ({@code base}),
 * which nested decoders need so an error deep in a record still points at the right byte. Small and
 * short-lived: the JIT keeps it off the heap when the loop is inlined.
 */
@Internal
public final class TlvCursor {

    private final byte[] buf;
    private final int end;
    private final int base;
    private final int maxValueLength;
    private int pos;
    private int tagOffset;
    private int tag;
    private int valueIndex;
    private int valueLength;

    public TlvCursor(byte[] buf, int off, int len, int base, int maxValueLength) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.base = base;
        this.maxValueLength = maxValueLength;
    }

    /** Moves to the next TLV; false at the end. Throws {@code Y3Exception} for malformed bytes. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        long h = Y3Header.parseWithin(buf, pos, end, maxValueLength, base);
        tagOffset = pos;
        tag = buf[pos] & 0xFF;
        valueIndex = pos + Y3Header.headerSize(h);
        valueLength = Y3Header.valueLength(h);
        pos = valueIndex + valueLength;
        return true;
    }

    public int tag() {
        return tag;
    }

    /** Absolute index of the current value in the buffer. */
    public int valueIndex() {
        return valueIndex;
    }

    public int valueLength() {
        return valueLength;
    }

    /** Offset of the current tag byte relative to {@code base}. */
    public int tagOffset() {
        return tagOffset - base;
    }
}
