package dev.flinkyomo.connector.yomo.source;

/** Which end of the QUIC connections a {@link YomoSource} is. */
public enum YomoSourceMode {
    /** Flink in a zipper's place: every subtask listens and YoMo sources dial it. */
    LISTEN,
    /**
     * Flink as a stream function: subtasks dial an existing zipper and receive the tags they
     * observe.
     */
    CONNECT
}
