package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Events a listener reports; the Flink source binds them to its metric group. Called from event
 * loop threads, so implementations must be thread-safe and cheap.
 */
@PublicEvolving
public interface ListenerMetrics {

    ListenerMetrics NO_OP = new ListenerMetrics() {};

    default void connectionOpened() {}

    default void connectionClosed() {}

    default void handshakeAccepted() {}

    default void handshakeRejected() {}

    /** Data frames accepted into the queue, counted per batch: how many and their wire size. */
    default void framesReceived(int frames, long wireBytes) {}

    /** A frame or stream could not be decoded (the connection is closed). */
    default void decodeError() {}

    /** A connection stopped reading because the queue was full. */
    default void readPaused() {}

    /** A connection stopped reading because the listener's frame memory could not take a frame. */
    default void readPausedForMemory() {}

    /** A connection was closed for not finishing a large frame within the frame timeout. */
    default void frameTimedOut() {}

    /** A connection was refused: the connections awaiting their handshake were at their limit. */
    default void pendingConnectionRefused() {}

    /** A connection was refused: its IP address had as many connections as allowed. */
    default void addressConnectionRefused() {}

    /** A handshake was refused: the authenticated connections were at their limit. */
    default void connectionRefused() {}

    /** A first frame announced more than the largest handshake and was refused unread. */
    default void handshakeTooLarge() {}

    /** A connection sent no whole handshake before the deadline. */
    default void handshakeTimedOut() {}

    /** A handshake was granted acknowledgements (yomo-java/ACKS.md). */
    default void acknowledgementsGranted() {}

    /**
     * A data frame of an acknowledging session was dropped, not queued: its sequence was at or
     * below the producer's ResumeAfter or the session's previous frame (a resent duplicate).
     */
    default void duplicateDropped() {}
}
