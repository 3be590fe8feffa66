package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/** The server accepted the handshake (final protocol, {@code A9 00}). */
@PublicEvolving
public enum HandshakeAckFrame implements Frame {
    INSTANCE;

    @Override
    public FrameType type() {
        return FrameType.HANDSHAKE_ACK;
    }
}
