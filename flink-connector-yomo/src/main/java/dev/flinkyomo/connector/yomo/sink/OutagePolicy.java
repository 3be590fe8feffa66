package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What a {@link YomoSink} writer does with a record while its zipper cannot take it: the connection
 * is down (reconnecting), the zipper rejected the client, or it grants no QUIC flow-control credit
 * for the whole write timeout.
 *
 * <p>Neither policy makes the sink more than at-most-once: stock YoMo has no acknowledgements, so
 * frames already handed to a connection that then breaks are lost under both. The delivery
 * guarantee {@code AT_LEAST_ONCE} (acknowledgements) is what keeps and resends them; it goes with
 * {@link #BLOCK} only.
 */
@PublicEvolving
public enum OutagePolicy {
    /**
     * The write waits (Flink sees backpressure) for the connection or for credit, up to the write
     * timeout, then fails the job; a rejected client fails the job at once. Nothing is dropped on
     * purpose; the job restarts instead. The default, what a YoMo source's blocking write does.
     */
    BLOCK,
    /**
     * The write never waits for a connection: while the zipper is unreachable or rejects the
     * client, records are dropped, counted in {@code numRecordsSendErrors} (and {@code
     * yomo.recordsDropped}) and logged at most every 30 s. While connected but without credit it
     * waits up to the write timeout, then drops. The pipeline keeps running whatever the zipper
     * does, as a Go zipper's non-blocking forward to a mesh peer.
     */
    DROP
}
