package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Typed reads of a primitive TLV value given its offset and length. */
@PublicEvolving
public final class Y3Values {

    private Y3Values() {}

    public static int int32(IntegerEncoding enc, byte[] buf, int off, int len, int base) {
        return enc.read32(buf, off, len, base);
    }

    public static long int64(IntegerEncoding enc, byte[] buf, int off, int len, int base) {
        return enc.read64(buf, off, len, base);
    }

    /** Go's uint32: the same bits as int32, read back as unsigned. */
    public static long uint32(IntegerEncoding enc, byte[] buf, int off, int len, int base) {
        return Integer.toUnsignedLong(enc.read32(buf, off, len, base));
    }

    public static float float32(byte[] buf, int off, int len, int base) {
        return VarFloat.decode32(buf, off, len, base);
    }

    public static double float64(byte[] buf, int off, int len, int base) {
        return VarFloat.decode64(buf, off, len, base);
    }

    /** Bools are PVarInt 1/0; an empty value and anything but 1 read as false, as in Go. */
    public static boolean bool(byte[] buf, int off, int len, int base) {
        if (len == 0) {
            return false;
        }
        return PVarInt.decodeValue32(buf, off, len, base) == 1;
    }

    /** Strict UTF-8: malformed bytes are a BAD_VALUE, not replacement characters. */
    public static String string(byte[] buf, int off, int len, int base) {
        if (isAscii(buf, off, len)) {
            return new String(buf, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Y3Exception(
                    Y3Exception.Reason.BAD_VALUE, off - base, "string is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] buf, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    public static byte[] bytes(byte[] buf, int off, int len) {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}
