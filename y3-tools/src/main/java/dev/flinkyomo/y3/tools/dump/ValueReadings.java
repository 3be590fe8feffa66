package dev.flinkyomo.y3.tools.dump;

import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.NVarInt;
import dev.flinkyomo.y3.PVarInt;
import dev.flinkyomo.y3.VarFloat;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Values;

import java.util.Set;

/**
 * Every plausible reading of a primitive value. Y3 values are not self-describing (the Go type on
 * the sending side decides), so a debugging dump shows each reading the bytes allow and leaves out
 * the ones they rule out (a PVarInt with wrong continuation bits, a float wider than 8 bytes, ...).
 */
@Internal
public final class ValueReadings {

    private static final int MAX_STRING_CHARS = 60;

    private final Set<IntegerEncoding> integerEncodings;

    /**
     * @param integerEncodings which integer readings to show (NVarInt, PVarInt or both)
     */
    public ValueReadings(Set<IntegerEncoding> integerEncodings) {
        this.integerEncodings = integerEncodings;
    }

    public String describe(byte[] buf, int off, int len) {
        if (len == 0) {
            return "(empty: \"\", false)";
        }
        StringBuilder sb = new StringBuilder();
        String text = printableUtf8(buf, off, len);
        if (text != null) {
            sb.append(' ').append(text);
        }
        if (integerEncodings.contains(IntegerEncoding.NVARINT) && len <= 8) {
            appendInteger(sb, "nvarint", NVarInt.decodeValue64(buf, off, len, 0), len <= 4);
        }
        if (integerEncodings.contains(IntegerEncoding.PVARINT)
                && isWellFormedPVarInt(buf, off, len)) {
            appendInteger(
                    sb,
                    "pvarint",
                    PVarInt.decodeValue64(buf, off, len, 0),
                    len <= PVarInt.MAX_SIZE_32);
        }
        if (len <= 4) {
            sb.append(" f32=").append(VarFloat.decode32(buf, off, len, 0));
        }
        if (len <= 8) {
            sb.append(" f64=").append(VarFloat.decode64(buf, off, len, 0));
        }
        if (len == 1 && (buf[off] == 0 || buf[off] == 1)) {
            sb.append(" bool=").append(buf[off] == 1);
        }
        return sb.length() == 0 ? "" : sb.substring(1);
    }

    /** Go sends uint32/uint64 as the signed value with the same bits; show both readings. */
    private static void appendInteger(StringBuilder sb, String name, long v, boolean fits32) {
        sb.append(' ').append(name).append('=').append(v);
        if (v < 0) {
            if (fits32 && v >= Integer.MIN_VALUE) {
                sb.append(" (u32 ").append(Integer.toUnsignedString((int) v)).append(')');
            } else {
                sb.append(" (u64 ").append(Long.toUnsignedString(v)).append(')');
            }
        }
    }

    /** Every byte but the last has the continuation bit, and the value fits 64 bits. */
    static boolean isWellFormedPVarInt(byte[] buf, int off, int len) {
        if (len > PVarInt.MAX_SIZE_64) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            boolean more = (buf[off + i] & 0x80) != 0;
            if (more != (i < len - 1)) {
                return false;
            }
        }
        return true;
    }

    /** The quoted string if the bytes are strict UTF-8 without control characters, else null. */
    static String printableUtf8(byte[] buf, int off, int len) {
        String s;
        try {
            s = Y3Values.string(buf, off, len, 0);
        } catch (Y3Exception e) {
            return null; // not strict UTF-8
        }
        StringBuilder q = new StringBuilder(Math.min(s.length(), MAX_STRING_CHARS) + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return null;
            }
            if (i < MAX_STRING_CHARS) {
                switch (c) {
                    case '"' -> q.append("\\\"");
                    case '\\' -> q.append("\\\\");
                    case '\t' -> q.append("\\t");
                    case '\n' -> q.append("\\n");
                    case '\r' -> q.append("\\r");
                    default -> q.append(c);
                }
            }
        }
        q.append('"');
        if (s.length() > MAX_STRING_CHARS) {
            q.append("...(").append(s.length()).append(" chars)");
        }
        return q.toString();
    }
}
