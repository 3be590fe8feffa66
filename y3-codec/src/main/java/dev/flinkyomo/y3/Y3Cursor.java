package dev.flinkyomo.y3;

/**
 * Walks the TLVs of one level (a packet sequence or a node's value) one at a time. Every header is
 * bounds-checked against its container before anything is read, so malformed input becomes a {@link
 * Y3Exception} with an offset. Used by tools and full decoders; the hot path of projected reads is
 * {@link Y3ObservingDecoder}.
 */
public final class Y3Cursor {

    private final byte[] buf;
    private final int end;
    private final int base;
    private final int depth;
    private final Y3Limits limits;
    private int pos;

    private int tagOffset = -1;
    private int tag;
    private int valueOffset;
    private int valueLength;

    /** A cursor over {@code buf[off, off+len)}; offsets in errors are relative to {@code off}. */
    public Y3Cursor(byte[] buf, int off, int len, Y3Limits limits) {
        this(buf, off, off + len, off, 0, limits);
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
    }

    /** Moves to the next TLV; false at the end of this level. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        long h = Y3Header.parseWithin(buf, pos, end, limits.maxPacketSize(), base);
        tagOffset = pos;
        tag = buf[pos] & 0xFF;
        valueOffset = pos + Y3Header.headerSize(h);
        valueLength = Y3Header.valueLength(h);
        pos = valueOffset + valueLength;
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

    public int tag() {
        checkCurrent();
        return tag;
    }

    public int key() {
        return Y3Tag.key(tag());
    }

    public boolean isNode() {
        return Y3Tag.isNode(tag());
    }

    public boolean isArray() {
        return Y3Tag.isArray(tag());
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

    /** Absolute index of the current value in {@link #buffer()}. */
    public int valueIndex() {
        checkCurrent();
        return valueOffset;
    }

    public int valueLength() {
        checkCurrent();
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
