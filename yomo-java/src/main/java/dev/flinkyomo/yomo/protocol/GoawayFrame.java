package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.Objects;

/** The peer is going away (shutting down); the session ends after this frame. */
@PublicEvolving
public record GoawayFrame(String message) implements Frame {

    public GoawayFrame {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public FrameType type() {
        return FrameType.GOAWAY;
    }
}
