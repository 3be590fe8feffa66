package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.protocol.DataFrame;

/** Callbacks of a {@link YomoClient}; called on its event loop, so they must not block. */
@PublicEvolving
public interface YomoClientListener {

    YomoClientListener NO_OP = new YomoClientListener() {};

    /** A data frame from the zipper (stream functions receive the tags they observe). */
    default void onData(DataFrame frame) {}

    /**
     * Flow-controlled delivery for receivers with a bounded buffer. Returning false refuses the
     * frame: the client stops reading the stream (QUIC flow control then pushes back on the
     * zipper), waits for {@link #whenReady} to call back and offers the same frame again. By
     * default every frame goes to {@link #onData}.
     *
     * @param wireBytes the frame's encoded size, for byte metrics
     */
    default boolean offerData(DataFrame frame, int wireBytes) {
        onData(frame);
        return true;
    }

    /**
     * Runs {@code resume} once frames can be offered again; may run it at once or on any thread
     * (the client moves back to its event loop).
     */
    default void whenReady(Runnable resume) {
        resume.run();
    }

    /** The handshake was acknowledged (again, after a reconnect). */
    default void onConnected(String endpoint) {}

    /** The connection ended; the client reconnects unless it was rejected or closed. */
    default void onDisconnected(String reason) {}

    /** The server sent Rejected: the client stops for good. */
    default void onRejected(String reason) {}
}
