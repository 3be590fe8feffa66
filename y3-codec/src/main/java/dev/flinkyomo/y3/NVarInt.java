package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * "Naked" varint of y3 >= 1.0.1: the minimal big-endian two's-complement bytes, no continuation
 * bits; the TLV length says how many. Unsigned Go types are the same bits read as signed.
 */
@PublicEvolving
public final class NVarInt {

    private static final VarHandle BIG_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private NVarInt() {}

    public static int size32(int v) {
        int lead = v >> 31;
        for (int size = 3; size > 0; size--) {
            if ((v >> (size * 8 - 1)) != lead) {
                return size + 1;
            }
        }
        return 1;
    }

    public static int size64(long v) {
        long lead = v >> 63;
        for (int size = 7; size > 0; size--) {
            if ((v >> (size * 8 - 1)) != lead) {
                return size + 1;
            }
        }
        return 1;
    }

    public static int write32(int v, byte[] dst, int off) {
        return writeN(v, size32(v), dst, off);
    }

    public static int write64(long v, byte[] dst, int off) {
        return writeN(v, size64(v), dst, off);
    }

    private static int writeN(long v, int n, byte[] dst, int off) {
        for (int i = n - 1; i >= 0; i--) {
            dst[off++] = (byte) (v >> (8 * i));
        }
        return n;
    }

    public static byte[] encode32(int v) {
        byte[] out = new byte[size32(v)];
        write32(v, out, 0);
        return out;
    }

    public static byte[] encode64(long v) {
        byte[] out = new byte[size64(v)];
        write64(v, out, 0);
        return out;
    }

    public static long decodeValue(byte[] buf, int off, int len, int width, int base) {
        if (len <= 0 || len > width) {
            throw new Y3Exception(
                    Y3Exception.Reason.BAD_VALUE,
                    off - base,
                    "integer value of " + len + " bytes does not fit " + (width * 8) + " bits");
        }
        int end = off + len;
        if (end >= 8) {
            // the eight bytes ending at the value's end, big-endian: the bytes before off are
            // shifted out at the top, then the value is sign-extended back down. One load instead
            // of a chain of len shifts
            int unused = 64 - 8 * len;
            return (long) BIG_ENDIAN_LONGS.get(buf, end - 8) << unused >> unused;
        }
        long v = buf[off]; // sign-extends the first byte
        for (int i = 1; i < len; i++) {
            v = (v << 8) | (buf[off + i] & 0xFF);
        }
        return v;
    }

    public static int decodeValue32(byte[] buf, int off, int len, int base) {
        return (int) decodeValue(buf, off, len, 4, base);
    }

    public static long decodeValue64(byte[] buf, int off, int len, int base) {
        return decodeValue(buf, off, len, 8, base);
    }
}
