package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds Y3 packets into a growable buffer. Nodes are opened with {@link #beginNode} and closed
 * with {@link #endNode}; the node's length is inserted when it is closed, so the output is the
 * minimal encoding the Go libraries produce (byte-identical to their test vectors).
 *
 * <p>Not thread-safe; reuse one instance per thread with {@link #reset()}.
 */
@PublicEvolving
public final class Y3Writer {

    private static final int MAX_NESTING = 64;

    private final IntegerEncoding integers;
    private byte[] buf;
    private int size;
    private final int[] openNodes = new int[MAX_NESTING]; // value start offset of each open node
    private int depth;

    public Y3Writer() {
        this(IntegerEncoding.NVARINT);
    }

    public Y3Writer(IntegerEncoding integers) {
        this(integers, 256);
    }

    public Y3Writer(IntegerEncoding integers, int initialCapacity) {
        this.integers = integers;
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    public IntegerEncoding integerEncoding() {
        return integers;
    }

    public Y3Writer reset() {
        size = 0;
        depth = 0;
        return this;
    }

    public int size() {
        return size;
    }

    /** A copy of the bytes written so far; every node must be closed. */
    public byte[] toByteArray() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " node(s) still open");
        }
        return Arrays.copyOf(buf, size);
    }

    // ---------------------------------------------------------------- nodes

    public Y3Writer beginNode(int key) {
        return open(Y3Tag.of(key, true, false));
    }

    /** A y3-codec-golang slice: a node with the array flag whose items all use key 0x00. */
    public Y3Writer beginArray(int key) {
        return open(Y3Tag.of(key, true, true));
    }

    private Y3Writer open(int tag) {
        if (depth == MAX_NESTING) {
            throw new IllegalStateException("nodes nest deeper than " + MAX_NESTING);
        }
        ensure(1);
        buf[size++] = (byte) tag;
        openNodes[depth++] = size;
        return this;
    }

    public Y3Writer endNode() {
        if (depth == 0) {
            throw new IllegalStateException("endNode() without beginNode()");
        }
        int start = openNodes[--depth];
        int len = size - start;
        int lenSize = PVarInt.size32(len);
        ensure(lenSize);
        System.arraycopy(buf, start, buf, start + lenSize, len);
        PVarInt.write32(len, buf, start);
        size += lenSize;
        return this;
    }

    // ---------------------------------------------------------------- primitives

    /** A primitive with raw value bytes. */
    public Y3Writer bytes(int key, byte[] value) {
        return bytes(key, value, 0, value.length);
    }

    public Y3Writer bytes(int key, byte[] value, int off, int len) {
        header(key, len);
        System.arraycopy(value, off, buf, size, len);
        size += len;
        return this;
    }

    public Y3Writer string(int key, String value) {
        return bytes(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public Y3Writer int32(int key, int v) {
        int n = integers.size32(v);
        header(key, n);
        size += integers.write32(v, buf, size);
        return this;
    }

    public Y3Writer int64(int key, long v) {
        int n = integers.size64(v);
        header(key, n);
        size += integers.write64(v, buf, size);
        return this;
    }

    /** Go's uint32: written as the int32 with the same bits. */
    public Y3Writer uint32(int key, long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a uint32: " + v);
        }
        return int32(key, (int) v);
    }

    /** Go's uint64: written as the int64 with the same bits. */
    public Y3Writer uint64(int key, long bits) {
        return int64(key, bits);
    }

    public Y3Writer float32(int key, float v) {
        header(key, VarFloat.size32(v));
        size += VarFloat.write32(v, buf, size);
        return this;
    }

    public Y3Writer float64(int key, double v) {
        header(key, VarFloat.size64(v));
        size += VarFloat.write64(v, buf, size);
        return this;
    }

    public Y3Writer bool(int key, boolean v) {
        header(key, 1);
        buf[size++] = (byte) (v ? 1 : 0);
        return this;
    }

    /** Copies already-encoded TLV bytes (a whole packet) into the current position. */
    public Y3Writer raw(byte[] tlv, int off, int len) {
        ensure(len);
        System.arraycopy(tlv, off, buf, size, len);
        size += len;
        return this;
    }

    private void header(int key, int valueLength) {
        int tag = Y3Tag.of(key, false, false);
        int lenSize = PVarInt.size32(valueLength);
        ensure(1 + lenSize + valueLength);
        buf[size++] = (byte) tag;
        size += PVarInt.write32(valueLength, buf, size);
    }

    private void ensure(int extra) {
        long needed = (long) size + extra;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("Y3 packet larger than 2 GiB");
            }
            buf =
                    Arrays.copyOf(
                            buf,
                            (int)
                                    Math.max(
                                            needed,
                                            Math.min(Integer.MAX_VALUE - 8, buf.length * 2L)));
        }
    }
}
