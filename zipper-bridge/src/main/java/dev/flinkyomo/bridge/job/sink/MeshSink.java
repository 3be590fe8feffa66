package dev.flinkyomo.bridge.job.sink;

import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.OutagePolicy;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.connector.yomo.sink.YomoSinkBuilder;

import java.time.Duration;

/**
 * The {@link YomoSink} that forwards records to another zipper of the mesh the way a YoMo zipper
 * does: it dials the peer as an upstream zipper (0x5E) named like this zipper, with the peer's
 * credential, relays metadata unchanged and reconnects on its own.
 *
 * <p>What it can lose: while the peer is unreachable or rejects this zipper, records are dropped
 * ({@link OutagePolicy#DROP}, counted in {@code numRecordsSendErrors} and {@code
 * yomo.recordsDropped}, logged at most every 30 s), as a Go zipper's non-blocking write; while the
 * peer is slow, QUIC flow control pushes back for up to {@link #CREDIT_WAIT}, then records are
 * dropped too. Frames in flight on a connection that breaks are lost (at-most-once).
 */
public final class MeshSink {

    /**
     * How long a write waits for a slow peer's flow-control credit, and the writer for the first
     * connection, before dropping.
     */
    static final Duration CREDIT_WAIT = Duration.ofSeconds(5);

    /**
     * Frames are flushed in batches of up to this many, or this long after the first unflushed one:
     * forwarding latency stays in milliseconds without a packet per frame at high rates.
     */
    static final int BATCH_FRAMES = 64;

    static final Duration BATCH_DELAY = Duration.ofMillis(5);

    /**
     * A dial to a peer that is not listening yet gets no answer and waits this long; then the sink
     * dials again after {@link #REDIAL}, as yomo's client does ({@code time.Sleep(time.Second)}
     * after a failed connect). With the client default (10 s, then backoff up to 5 s) a bridge
     * started a few seconds before its peer dropped the first frames for up to 15 s:
     * RealYomoExamplesIT's 4-cascading-zipper lost its first write twice on a loaded machine.
     */
    static final Duration DIAL_TIMEOUT = Duration.ofSeconds(3);

    static final Duration REDIAL = Duration.ofSeconds(1);

    private MeshSink() {}

    /** The sink of {@code peer}, dialling it as the upstream zipper {@code zipperName}. */
    public static YomoSink<YomoRecord> to(String zipperName, MeshPeer peer) {
        YomoSinkBuilder<YomoRecord> b =
                YomoSink.<YomoRecord>builder()
                        .setZipper(peer.host(), peer.port())
                        .setClientName(zipperName)
                        .asUpstreamZipper()
                        .setOutagePolicy(OutagePolicy.DROP)
                        .setWriteTimeout(CREDIT_WAIT)
                        .setHandshakeTimeout(DIAL_TIMEOUT)
                        .setReconnectBackoff(REDIAL, REDIAL)
                        .setBatching(BATCH_FRAMES, BATCH_DELAY)
                        .setRecordSerializer(YomoRecordSerializer.yomoRecords());
        peer.credential().ifPresent(c -> b.setCredential(c.authName() + ":" + c.payload()));
        return b.build();
    }
}
