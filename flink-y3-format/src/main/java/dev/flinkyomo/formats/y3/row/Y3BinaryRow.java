package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.binary.BinaryRowData;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Fills one {@link BinaryRowData} per record, in Flink's binary row layout (as {@code
 * BinaryRowWriter} writes it), straight from byte ranges of the record: no boxed primitive and no
 * {@code StringData} per string, the string bytes are copied once into the row's variable-length
 * part. The row is built in a scratch array reused between records and copied out at its exact size
 * by {@link #build}, so every returned row is fresh and holds no reference to the record.
 *
 * <p>Why not {@code BinaryRowWriter}: it binds to one row for its lifetime (a fresh row per record
 * would need a fresh writer and segment), and it takes strings as {@code StringData} or {@code
 * byte[]}, which is the per-string allocation this class exists to avoid.
 *
 * <p>Not thread-safe; one per {@link Y3RecordDecoder}.
 */
@Internal
final class Y3BinaryRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LE_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());

    /** Bit of a field's null flag: the first byte of the null bits holds the row kind. */
    private static final int HEADER_BITS = BinaryRowData.HEADER_SIZE_IN_BITS;

    private final int arity;
    private final int nullBitsSize;
    private final int fixedSize;
    private final byte[] empty; // the fixed part of a row of nulls: what reset() starts from
    private final long emptyWord; // the first word of the null bits of a row of nulls
    private byte[] buf;
    private int cursor;

    /**
     * The first word of the null bits (row kind, fields 0..55), kept in a field and written at
     * {@link #build}: clearing a bit in the array for each value was a read-modify-write of the
     * same byte per field (9% of the samples at 16 columns, async-profiler).
     */
    private long firstWord;

    Y3BinaryRow(int arity) {
        this.arity = arity;
        this.nullBitsSize = BinaryRowData.calculateBitSetWidthInBytes(arity);
        this.fixedSize = BinaryRowData.calculateFixPartSizeInBytes(arity);
        this.empty = new byte[fixedSize];
        for (int i = 0; i < arity; i++) {
            int bit = i + HEADER_BITS;
            empty[bit >>> 3] |= (byte) (1 << (bit & 7));
        }
        this.emptyWord = (long) LE_LONGS.get(empty, 0);
        this.buf = new byte[fixedSize + 64];
    }

    /** Starts a row: kind INSERT, every field null and zero, no variable-length data. */
    void reset() {
        System.arraycopy(empty, 0, buf, 0, fixedSize);
        firstWord = emptyWord;
        cursor = fixedSize;
    }

    boolean isNullAt(int pos) {
        int bit = pos + HEADER_BITS;
        if (bit < 64) {
            return (firstWord & 1L << bit) != 0;
        }
        return (buf[bit >>> 3] & (1 << (bit & 7))) != 0;
    }

    /** Marks the field not null; returns where its 8-byte slot starts. */
    private int slot(int pos) {
        int bit = pos + HEADER_BITS;
        if (bit < 64) {
            firstWord &= ~(1L << bit);
        } else {
            buf[bit >>> 3] &= (byte) ~(1 << (bit & 7));
        }
        return nullBitsSize + pos * 8;
    }

    void setBoolean(int pos, boolean v) {
        buf[slot(pos)] = (byte) (v ? 1 : 0);
    }

    void setByte(int pos, byte v) {
        buf[slot(pos)] = v;
    }

    void setShort(int pos, short v) {
        SHORTS.set(buf, slot(pos), v);
    }

    void setInt(int pos, int v) {
        INTS.set(buf, slot(pos), v);
    }

    void setFloat(int pos, float v) {
        INTS.set(buf, slot(pos), Float.floatToRawIntBits(v));
    }

    void setLong(int pos, long v) {
        LONGS.set(buf, slot(pos), v);
    }

    void setDouble(int pos, double v) {
        LONGS.set(buf, slot(pos), Double.doubleToRawLongBits(v));
    }

    /**
     * A STRING or BYTES value: up to 7 bytes inline in the field's slot (mark bit and length in the
     * slot's last byte in memory order on little-endian, first on big-endian), longer ones in the
     * variable-length part, word-aligned with zeroed padding, the slot holding offset and length.
     */
    void setBytes(int pos, byte[] src, int off, int len) {
        int slot = slot(pos);
        if (len <= 7) {
            LONGS.set(buf, slot, 0L); // a repeated key may have left a longer value here
            if (BinaryRowData.LITTLE_ENDIAN) {
                System.arraycopy(src, off, buf, slot, len);
                buf[slot + 7] = (byte) (0x80 | len);
            } else {
                buf[slot] = (byte) (0x80 | len);
                System.arraycopy(src, off, buf, slot + 1, len);
            }
            return;
        }
        int rounded = (len + 7) & ~7;
        if (cursor + rounded > buf.length) {
            grow(cursor + rounded);
        }
        LONGS.set(buf, cursor + rounded - 8, 0L); // the padding of the last word
        System.arraycopy(src, off, buf, cursor, len);
        LONGS.set(buf, slot, (long) cursor << 32 | len);
        cursor += rounded;
    }

    private void grow(int size) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size));
    }

    /** The row built since {@link #reset}, in an array of its own. */
    BinaryRowData build() {
        LE_LONGS.set(buf, 0, firstWord); // bit i of the null bits is bit i&7 of byte i>>>3
        BinaryRowData row = new BinaryRowData(arity);
        row.pointTo(MemorySegmentFactory.wrap(Arrays.copyOf(buf, cursor)), 0, cursor);
        return row;
    }
}
