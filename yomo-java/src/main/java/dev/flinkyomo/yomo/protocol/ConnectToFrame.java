package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.Objects;

/** Redirect: redial {@code host:port} instead (sent in place of a handshake ack). */
@PublicEvolving
public record ConnectToFrame(String endpoint) implements Frame {

    public ConnectToFrame {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public FrameType type() {
        return FrameType.CONNECT_TO;
    }
}
