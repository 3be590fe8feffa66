package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Walks the TLVs of one level (a packet sequence or a node's value) one at a time. Every header is
 * bounds-checked against its container before anything is read, so malformed input becomes a {@link
 * Y3Exception} with an offset. The one TLV cursor of the project: the YoMo frame codecs, the Flink
 * format's nested ROW/ARRAY and POJO decoders and the {@code y3} tool all walk with it. The hot
 * path of projected reads is {@link Y3ObservingDecoder}, whose loop inlines the header decode on
 * purpose.
 *
 * <p>Small and short-lived: when a loop over {@link #next()} is inlined, the JIT keeps the cursor
 * off the heap, so walking a nested node allocates nothing per field. {@link #tag()}, {@link
 * #valueIndex()} and {@link #valueLength()} are read for every field and do not check that {@link
 * #next()} was called (they are -1 before); the other accessors do.
 */
@PublicEvolving
public final class Y3Cursor {

    private final byte[] buf;
    private final int end;
    private final int base;
    private final int depth;
    private final Y3Limits limits;
    private final int maxValueLength; // read once: next() runs for every field

    /** Tags at or before this index with a one-byte length need no other check, see next(). */
    private final int fastEnd;

    private int pos;

    private int tagOffset = -1;
    private int tag = -1;
    private int valueOffset = -1;
    private int valueLength = -1;

    /** A cursor over {@code buf[off, off+len)}; offsets in errors are relative to {@code off}. */
    public Y3Cursor(byte[] buf, int off, int len, Y3Limits limits) {
        this(buf, off, off + len, off, 0, limits);
    }

    /**
     * A cursor over {@code buf[off, off+len)} inside a larger input that starts at {@code base}:
     * offsets in errors are relative to {@code base}, so an error deep inside a record still points
     * at the right byte of the record.
     */
    public Y3Cursor(byte[] buf, int off, int len, int base, Y3Limits limits) {
        this(buf, off, off + len, base, 0, limits);
    }

    public Y3Cursor(byte[] buf) {
        this(buf, 0, buf.length, Y3Limits.DEFAULT);
    }

    private Y3Cursor(byte[] buf, int pos, int end, int base, int depth, Y3Limits limits) {
        if (pos < 0 || end > buf.length || pos > end) {
            throw new IllegalArgumentException(
                    "range [" + pos + ", " + end + ") outside the buffer");
        }
        this.buf = buf;
        this.pos = pos;
        this.end = end;
        this.base = base;
        this.depth = depth;
        this.limits = limits;
        this.maxValueLength = limits.maxPacketSize();
        // a one-byte length is 0..63: such a TLV starting at end - 65 or earlier ends inside
        this.fastEnd = maxValueLength >= 63 ? end - (2 + 63) : Integer.MIN_VALUE;
    }

    /** Moves to the next TLV; false at the end of this level. */
    public boolean next() {
        int p = pos;
        if (p >= end) {
            return false;
        }
        int len;
        int valueStart;
        if (p <= fastEnd && ((len = buf[p + 1]) & 0xC0) == 0) {
            valueStart = p + 2; // one-byte length, value inside [p, end): nothing else to check
        } else {
            long h = Y3Header.parseWithin(buf, p, end, maxValueLength, base);
            valueStart = p + Y3Header.headerSize(h);
            len = Y3Header.valueLength(h);
        }
        tagOffset = p;
        tag = buf[p] & 0xFF;
        valueOffset = valueStart;
        valueLength = len;
        pos = valueStart + len;
        return true;
    }

    /** A cursor over the current TLV's value, one level deeper. */
    public Y3Cursor children() {
        checkCurrent();
        if (depth + 1 > limits.maxDepth()) {
            throw new Y3Exception(
                    Y3Exception.Reason.TOO_DEEP,
                    tagOffset - base,
                    "nodes nest deeper than " + limits.maxDepth());
        }
        return new Y3Cursor(buf, valueOffset, valueOffset + valueLength, base, depth + 1, limits);
    }

    /** The current raw tag byte (flags and key); -1 before {@link #next()}. */
    public int tag() {
        return tag;
    }

    public int key() {
        checkCurrent();
        return Y3Tag.key(tag);
    }

    public boolean isNode() {
        checkCurrent();
        return Y3Tag.isNode(tag);
    }

    public boolean isArray() {
        checkCurrent();
        return Y3Tag.isArray(tag);
    }

    public int depth() {
        return depth;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current tag byte relative to the start of the input. */
    public int tagOffset() {
        checkCurrent();
        return tagOffset - base;
    }

    /** Absolute index of the current value in {@link #buffer()}; -1 before {@link #next()}. */
    public int valueIndex() {
        return valueOffset;
    }

    /** Length of the current value; -1 before {@link #next()}. */
    public int valueLength() {
        return valueLength;
    }

    /** Offset of the current value relative to the start of the input. */
    public int valueOffset() {
        checkCurrent();
        return valueOffset - base;
    }

    public int int32(IntegerEncoding enc) {
        return enc.read32(buf, valueOffset, valueLength, base);
    }

    public long int64(IntegerEncoding enc) {
        return enc.read64(buf, valueOffset, valueLength, base);
    }

    public long uint32(IntegerEncoding enc) {
        return Integer.toUnsignedLong(int32(enc));
    }

    public float float32() {
        return VarFloat.decode32(buf, valueOffset, valueLength, base);
    }

    public double float64() {
        return VarFloat.decode64(buf, valueOffset, valueLength, base);
    }

    public boolean bool() {
        return Y3Values.bool(buf, valueOffset, valueLength, base);
    }

    public String string() {
        return Y3Values.string(buf, valueOffset, valueLength, base);
    }

    public byte[] bytes() {
        return Y3Values.bytes(buf, valueOffset, valueLength);
    }

    private void checkCurrent() {
        if (tagOffset < 0) {
            throw new IllegalStateException("call next() first");
        }
    }
}
