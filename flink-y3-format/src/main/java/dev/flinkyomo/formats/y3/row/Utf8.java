package dev.flinkyomo.formats.y3.row;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation without decoding, so a string column can be copied as bytes into {@code
 * StringData} instead of going through {@code String}. Rejects what the JDK's REPORT decoder
 * rejects: stray continuation bytes, overlong forms, surrogates, code points above U+10FFFF and
 * truncated sequences.
 */
final class Utf8 {

    /** Eight bytes at once, for the ASCII test; any byte order works for a mask of all eight. */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Utf8() {}

    /**
     * Index of the first byte of the first invalid sequence, or -1 if the range is valid. The ASCII
     * prefix is stepped over here, the rest out of line: a small method is inlined into the
     * decoder's per-field path, where the whole check (308 bytes of bytecode) was not.
     */
    static int firstInvalid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (end - i >= 8 && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
            i += 8; // eight ASCII bytes
        }
        while (i < end && b[i] >= 0) {
            i++;
        }
        return i == end ? -1 : firstInvalidFrom(b, i, end);
    }

    private static int firstInvalidFrom(byte[] b, int i, int end) {
        while (i < end) {
            if (end - i >= 8 && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8; // eight ASCII bytes
                continue;
            }
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) { // continuation byte, or a lead byte that can only start an overlong
                // form
                return i;
            }
            if (c < 0xE0) {
                if (i + 1 >= end || !isContinuation(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end) {
                    return i;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!isContinuation(c1)
                        || (c == 0xE0 && c1 < 0xA0) // overlong
                        || (c == 0xED && c1 >= 0xA0) // UTF-16 surrogate
                        || !isContinuation(b[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= end) {
                    return i;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!isContinuation(c1)
                        || (c == 0xF0 && c1 < 0x90) // overlong
                        || (c == 0xF4 && c1 >= 0x90) // above U+10FFFF
                        || !isContinuation(b[i + 2])
                        || !isContinuation(b[i + 3])) {
                    return i;
                }
                i += 4;
            } else {
                return i;
            }
        }
        return -1;
    }

    private static boolean isContinuation(int b) {
        return (b & 0xC0) == 0x80;
    }
}
