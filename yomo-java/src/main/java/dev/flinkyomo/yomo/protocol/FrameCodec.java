package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Encodes and decodes whole frames of one protocol generation. A frame is exactly one Y3 packet;
 * splitting a byte stream into packets is the transport's job. Implementations are stateless and
 * thread-safe.
 */
@PublicEvolving
public interface FrameCodec {

    ProtocolGeneration generation();

    /**
     * @throws IllegalArgumentException if this generation cannot express the frame
     */
    byte[] encode(Frame frame);

    /**
     * Decodes one whole Y3 packet; fields are looked up by key, the last duplicate wins and unknown
     * keys are ignored, as in Go.
     *
     * @throws YomoProtocolException for malformed bytes or an unknown frame type
     */
    default Frame decode(byte[] packet) {
        return decode(packet, 0, packet.length);
    }

    /**
     * Decodes the whole Y3 packet {@code buf[off, off+len)}, so a transport can decode from a
     * reused buffer; error offsets are relative to {@code off}. Decoded fields never alias {@code
     * buf}.
     *
     * @throws YomoProtocolException for malformed bytes or an unknown frame type
     */
    Frame decode(byte[] buf, int off, int len);

    default boolean isIgnorable(byte[] packet) {
        return isIgnorable(packet, 0, packet.length);
    }

    /** True for control packets that carry nothing and are skipped (2021 ping/pong). */
    default boolean isIgnorable(byte[] buf, int off, int len) {
        return false;
    }
}
