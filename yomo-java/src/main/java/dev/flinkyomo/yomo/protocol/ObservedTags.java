package dev.flinkyomo.yomo.protocol;

import java.util.ArrayList;
import java.util.List;

/** Handshake field 0x06: observed data tags as N x uint32 little-endian (yomo >= v1.10). */
final class ObservedTags {

    private ObservedTags() {}

    public static byte[] encode(List<Long> tags) {
        byte[] out = new byte[tags.size() * 4];
        int i = 0;
        for (long t : tags) {
            out[i++] = (byte) t;
            out[i++] = (byte) (t >>> 8);
            out[i++] = (byte) (t >>> 16);
            out[i++] = (byte) (t >>> 24);
        }
        return out;
    }

    /**
     * @param base offset of {@code off} inside the frame, for the error message
     */
    public static List<Long> decode(byte[] buf, int off, int len, int base) {
        if (len % 4 != 0) {
            // Go silently drops the tail; a partial tag is a client bug worth naming
            throw new YomoProtocolException(
                    FrameType.HANDSHAKE.frameName(),
                    off - base,
                    "observed tags field has " + len + " bytes, not a multiple of 4");
        }
        List<Long> tags = new ArrayList<>(len / 4);
        for (int i = off; i < off + len; i += 4) {
            tags.add(
                    (buf[i] & 0xFFL)
                            | (buf[i + 1] & 0xFFL) << 8
                            | (buf[i + 2] & 0xFFL) << 16
                            | (buf[i + 3] & 0xFFL) << 24);
        }
        return tags;
    }
}
