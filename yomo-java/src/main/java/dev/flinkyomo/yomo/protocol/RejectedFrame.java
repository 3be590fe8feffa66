package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.Objects;

/** The server refused the handshake or closes the session; the client must not reconnect. */
@PublicEvolving
public record RejectedFrame(String message) implements Frame {

    public RejectedFrame {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public FrameType type() {
        return FrameType.REJECTED;
    }
}
