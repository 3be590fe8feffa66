package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The server accepted the handshake (final protocol, {@code A9 00}). A receiver of the
 * acknowledgement extension (yomo-java/ACKS.md) may grant acknowledgements in it: {@code
 * ackVersion} 1 and the producer's {@code resumeAfter}. Stock zippers send {@link #INSTANCE}.
 *
 * @param ackVersion the granted version of the acknowledgement extension; 0 = not granted (the
 *     field is then absent on the wire)
 * @param resumeAfter the producer's highest sequence the receiver has emitted; 0 unless granted
 */
@PublicEvolving
public record HandshakeAckFrame(int ackVersion, long resumeAfter) implements Frame {

    /** The stock answer: connected, no acknowledgements. */
    public static final HandshakeAckFrame INSTANCE = new HandshakeAckFrame(0, 0);

    public HandshakeAckFrame {
        if (ackVersion < 0) {
            throw new IllegalArgumentException("ack version must be >= 0, got " + ackVersion);
        }
        if (ackVersion == 0 && resumeAfter != 0) {
            throw new IllegalArgumentException(
                    "resumeAfter " + resumeAfter + " without a granted ack version");
        }
    }

    /** Acknowledgements granted in version 1; the producer resends after {@code resumeAfter}. */
    public static HandshakeAckFrame granted(long resumeAfter) {
        return new HandshakeAckFrame(AckFrame.VERSION, resumeAfter);
    }

    public boolean acknowledgementsGranted() {
        return ackVersion != 0;
    }

    @Override
    public FrameType type() {
        return FrameType.HANDSHAKE_ACK;
    }
}
