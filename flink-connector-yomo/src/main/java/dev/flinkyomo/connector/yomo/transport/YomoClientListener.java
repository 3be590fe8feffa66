package dev.flinkyomo.connector.yomo.transport;

import dev.flinkyomo.connector.yomo.protocol.DataFrame;

/** Callbacks of a {@link YomoClient}; called on its event loop, so they must not block. */
public interface YomoClientListener {

    YomoClientListener NO_OP = new YomoClientListener() {};

    /** A data frame from the zipper (stream functions receive the tags they observe). */
    default void onData(DataFrame frame) {}

    /** The handshake was acknowledged (again, after a reconnect). */
    default void onConnected(String endpoint) {}

    /** The connection ended; the client reconnects unless it was rejected or closed. */
    default void onDisconnected(String reason) {}

    /** The server sent Rejected: the client stops for good. */
    default void onRejected(String reason) {}
}
