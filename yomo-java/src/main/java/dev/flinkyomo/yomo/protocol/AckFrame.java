package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The acknowledgement extension's frame (type {@code 0x2B}, yomo-java/ACKS.md): every frame of the
 * session's producer up to and including {@code durable} is durable at the receiver. Sent only on
 * sessions that negotiated the extension; a stock client closes on a frame type it does not know.
 *
 * @param durable a sequence (unsigned 64-bit, carried in a long)
 */
@PublicEvolving
public record AckFrame(long durable) implements Frame {

    /** The version of the extension this implementation speaks. */
    public static final int VERSION = 1;

    @Override
    public FrameType type() {
        return FrameType.ACK;
    }
}
