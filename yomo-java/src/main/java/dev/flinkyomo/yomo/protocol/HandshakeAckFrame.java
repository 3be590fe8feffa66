package dev.flinkyomo.yomo.protocol;

/** The server accepted the handshake (final protocol, {@code A9 00}). */
public enum HandshakeAckFrame implements Frame {
    INSTANCE;

    @Override
    public FrameType type() {
        return FrameType.HANDSHAKE_ACK;
    }
}
