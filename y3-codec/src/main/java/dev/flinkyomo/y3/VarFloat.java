package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * IEEE-754 bits, big-endian, with trailing (least significant) zero bytes dropped, at least one
 * byte kept: float32 1.0 travels as {@code 3F 80}.
 */
@PublicEvolving
public final class VarFloat {

    private VarFloat() {}

    public static int size32(float f) {
        return trimmedSize(Float.floatToRawIntBits(f) & 0xFFFF_FFFFL, 4);
    }

    public static int size64(double d) {
        return trimmedSize(Double.doubleToRawLongBits(d), 8);
    }

    private static int trimmedSize(long bits, int width) {
        int size = width;
        while (size > 1 && ((bits >>> ((width - size) * 8)) & 0xFF) == 0) {
            size--;
        }
        return size;
    }

    public static int write32(float f, byte[] dst, int off) {
        long bits = Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
        int n = trimmedSize(bits, 4);
        for (int i = 0; i < n; i++) {
            dst[off + i] = (byte) (bits >>> ((3 - i) * 8));
        }
        return n;
    }

    public static int write64(double d, byte[] dst, int off) {
        long bits = Double.doubleToRawLongBits(d);
        int n = trimmedSize(bits, 8);
        for (int i = 0; i < n; i++) {
            dst[off + i] = (byte) (bits >>> ((7 - i) * 8));
        }
        return n;
    }

    public static byte[] encode32(float f) {
        byte[] out = new byte[size32(f)];
        write32(f, out, 0);
        return out;
    }

    public static byte[] encode64(double d) {
        byte[] out = new byte[size64(d)];
        write64(d, out, 0);
        return out;
    }

    public static float decode32(byte[] buf, int off, int len, int base) {
        return Float.intBitsToFloat((int) bits(buf, off, len, 4, base));
    }

    public static double decode64(byte[] buf, int off, int len, int base) {
        return Double.longBitsToDouble(bits(buf, off, len, 8, base));
    }

    private static long bits(byte[] buf, int off, int len, int width, int base) {
        if (len <= 0 || len > width) {
            throw new Y3Exception(
                    Y3Exception.Reason.BAD_VALUE,
                    off - base,
                    "float value of " + len + " bytes does not fit " + (width * 8) + " bits");
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (buf[off + i] & 0xFF);
        }
        return v << ((width - len) * 8);
    }
}
