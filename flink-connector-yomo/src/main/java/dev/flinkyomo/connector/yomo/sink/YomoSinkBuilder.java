package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.base.DeliveryGuarantee;

import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link YomoSink}. Required: {@link #setZipper} and {@link #setRecordSerializer}.
 *
 * <pre>{@code
 * YomoSink<YomoRecord> sink = YomoSink.<YomoRecord>builder()
 *         .setZipper("zipper.example.com", 9000)
 *         .setClientName("flink-results")
 *         .setCredential("token:secret")
 *         .setRecordSerializer(YomoRecordSerializer.yomoRecords())
 *         .build();
 * }</pre>
 */
@PublicEvolving
public final class YomoSinkBuilder<IN> {

    String host;
    int port;
    String clientName = "flink-yomo-sink";
    String clientId;
    String credential;
    TlsOptions tls;
    String target;
    boolean upstreamZipper;
    OutagePolicy outagePolicy = OutagePolicy.BLOCK;
    DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.NONE;
    int maxBufferedFrames = 1;
    Duration maxBufferDelay = Duration.ZERO;
    Duration writeTimeout = Duration.ofSeconds(60);
    Duration endOfInputLinger = Duration.ofSeconds(1);
    Duration handshakeTimeout = Duration.ofSeconds(10);
    Duration idleTimeout = Duration.ofSeconds(40);
    Duration initialBackoff = Duration.ofMillis(100);
    Duration maxBackoff = Duration.ofSeconds(5);
    int maxFrameSize = ListenerOptions.DEFAULT_MAX_FRAME_SIZE;
    int udpBufferSize = ListenerOptions.DEFAULT_UDP_BUFFER_SIZE;
    private YomoRecordSerializer<IN> serializer;

    YomoSinkBuilder() {}

    /** The zipper (or any YoMo listener) to write to. */
    public YomoSinkBuilder<IN> setZipper(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("zipper host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("zipper port must be 1..65535, got " + port);
        }
        this.host = host;
        this.port = port;
        return this;
    }

    /** Handshake name of the connections (default {@code flink-yomo-sink}). */
    public YomoSinkBuilder<IN> setClientName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("client name must not be blank");
        }
        this.clientName = name;
        return this;
    }

    /**
     * Base of the handshake ids; subtask {@code i} uses {@code <id>-<i>}, which is also the {@code
     * yomo-source-id} of frames that do not carry one. Default: {@code <name>-<i>-<random>}.
     */
    public YomoSinkBuilder<IN> setClientId(String id) {
        this.clientId = id;
        return this;
    }

    /** {@code name:payload}, e.g. {@code token:secret} for a zipper with token auth. */
    public YomoSinkBuilder<IN> setCredential(String credential) {
        if (credential != null && credential.indexOf(':') < 0) {
            throw new IllegalArgumentException(
                    "credential must be 'name:payload' (e.g. 'token:secret')");
        }
        this.credential = credential;
        return this;
    }

    /** TLS files; default: the {@code YOMO_TLS_*} environment of the task manager. */
    public YomoSinkBuilder<IN> setTls(TlsOptions tls) {
        this.tls = tls;
        return this;
    }

    /** Sets {@code yomo-target} on every frame, like the Go SDK's {@code WriteWithTarget}. */
    public YomoSinkBuilder<IN> setTarget(String target) {
        this.target = target == null || target.isEmpty() ? null : target;
        return this;
    }

    /**
     * What a write does while the zipper cannot take it (default {@link OutagePolicy#BLOCK}: wait
     * up to the write timeout, then fail the job). {@link OutagePolicy#DROP} keeps the job running
     * and drops (and counts) records instead.
     */
    public YomoSinkBuilder<IN> setOutagePolicy(OutagePolicy policy) {
        this.outagePolicy = Objects.requireNonNull(policy, "outage policy");
        return this;
    }

    /**
     * What the sink guarantees (default {@link DeliveryGuarantee#NONE}: at-most-once, as YoMo's own
     * sources).
     *
     * <p>{@link DeliveryGuarantee#AT_LEAST_ONCE} needs a receiver that implements the
     * acknowledgement extension (yomo-java/ACKS.md), such as a flink-yomo listener source with
     * {@code setAcknowledgements(ON_CHECKPOINT)} ({@code 'scan.acknowledgements' =
     * 'on-checkpoint'}): each subtask's connection asks for acknowledgements as producer {@code
     * <client name>-<subtask index>} (stable, so a restarted subtask resumes as the same producer;
     * the client name must therefore be unique among the sinks writing to one receiver), keeps the
     * frames the receiver has not acknowledged and resends them after a reconnect, and every flush
     * before a checkpoint (and at the end of input) waits until the receiver has acknowledged every
     * frame written before it, at most the write timeout. A checkpoint of this job then completes
     * only once everything written before it is in a completed checkpoint of the receiving job, so
     * after a failover this job replays at most what the receiver may get twice: at-least-once end
     * to end. The receiver acknowledges when its own checkpoints complete, so this job's
     * checkpoints take up to the receiver's checkpoint interval longer; keep that well below the
     * write timeout. A stock zipper (or a listener without acknowledgements) fails the job at
     * connect. Not with {@link OutagePolicy#DROP}, which would lose frames on purpose.
     *
     * <p>{@link DeliveryGuarantee#EXACTLY_ONCE} is refused: YoMo has no transactions, a frame
     * replayed after a failover of this job is a new frame to the receiver.
     */
    public YomoSinkBuilder<IN> setDeliveryGuarantee(DeliveryGuarantee guarantee) {
        Objects.requireNonNull(guarantee, "delivery guarantee");
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            throw new IllegalArgumentException(
                    "a YoMo sink cannot deliver exactly once (YoMo has no transactions; a frame"
                            + " replayed after a failover is a new frame to the receiver): use"
                            + " AT_LEAST_ONCE ('at-least-once') with a receiver that deduplicates,"
                            + " or NONE");
        }
        this.deliveryGuarantee = guarantee;
        return this;
    }

    /**
     * Dials as an upstream zipper (client type 0x5E) instead of a YoMo source, and relays frames as
     * a zipper forwards them to another zipper of its mesh: metadata goes out as it came in (byte
     * for byte when nothing decoded it), without the {@code yomo-tid} and {@code yomo-source-id} a
     * source's write adds. The peer authenticates the client name and credential as a mesh member.
     */
    public YomoSinkBuilder<IN> asUpstreamZipper() {
        this.upstreamZipper = true;
        return this;
    }

    public YomoSinkBuilder<IN> setRecordSerializer(YomoRecordSerializer<IN> serializer) {
        this.serializer = Objects.requireNonNull(serializer, "record serializer");
        return this;
    }

    /**
     * Batches writes: the connection is flushed after {@code maxFrames} frames or {@code maxDelay}
     * after the first unflushed one, whichever comes first (and at every checkpoint). The default,
     * 1 frame, flushes each frame as YoMo's Go source does: lowest latency, more packets.
     */
    public YomoSinkBuilder<IN> setBatching(int maxFrames, Duration maxDelay) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException(
                    "max buffered frames must be positive, got " + maxFrames);
        }
        Objects.requireNonNull(maxDelay, "max buffer delay");
        if (maxFrames > 1 && (maxDelay.isZero() || maxDelay.isNegative())) {
            throw new IllegalArgumentException(
                    "batching more than one frame needs a positive max delay, got " + maxDelay);
        }
        this.maxBufferedFrames = maxFrames;
        this.maxBufferDelay = maxFrames == 1 ? Duration.ZERO : maxDelay;
        return this;
    }

    /**
     * How long a write may wait for the connection (while reconnecting) or for QUIC flow-control
     * credit (while the zipper pushes back) before the job fails. Default 60 s.
     */
    public YomoSinkBuilder<IN> setWriteTimeout(Duration timeout) {
        this.writeTimeout = positive(timeout, "write timeout");
        return this;
    }

    /**
     * At the end of a bounded input, how long the writer waits at most for the zipper to read the
     * last frames before it closes the connection (default 1 s). Closing a QUIC connection discards
     * data it has not delivered yet, so the writer ends the stream after the last frame and closes
     * as soon as the zipper has read up to that end, usually within a round trip. Zero closes at
     * once (YoMo's Go source does that on {@code Close()}).
     */
    public YomoSinkBuilder<IN> setEndOfInputLinger(Duration linger) {
        if (linger == null || linger.isNegative()) {
            throw new IllegalArgumentException(
                    "end-of-input linger must not be negative, got " + linger);
        }
        this.endOfInputLinger = linger;
        return this;
    }

    public YomoSinkBuilder<IN> setHandshakeTimeout(Duration timeout) {
        this.handshakeTimeout = positive(timeout, "handshake timeout");
        return this;
    }

    public YomoSinkBuilder<IN> setIdleTimeout(Duration timeout) {
        this.idleTimeout = positive(timeout, "idle timeout");
        return this;
    }

    public YomoSinkBuilder<IN> setReconnectBackoff(Duration initial, Duration max) {
        positive(initial, "initial reconnect backoff");
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "max reconnect backoff must be >= the initial one, got " + max);
        }
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** Largest frame accepted from the zipper (it sends none to a source; a guard only). */
    public YomoSinkBuilder<IN> setMaxFrameSize(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException(
                    "max frame size must be at least 16 bytes, got " + bytes);
        }
        this.maxFrameSize = bytes;
        return this;
    }

    /** Requested UDP socket buffer size; 0 keeps the kernel default. */
    public YomoSinkBuilder<IN> setUdpBufferSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(
                    "UDP buffer size must not be negative, got " + bytes);
        }
        this.udpBufferSize = bytes;
        return this;
    }

    public YomoSink<IN> build() {
        if (host == null) {
            throw new IllegalStateException(
                    "the zipper address is required: call setZipper(host, port)");
        }
        if (serializer == null) {
            throw new IllegalStateException(
                    "a record serializer is required: call setRecordSerializer(...)");
        }
        if (upstreamZipper && target != null) {
            throw new IllegalStateException(
                    "an upstream zipper relays frames as they are and sets no target: drop"
                            + " setTarget or asUpstreamZipper");
        }
        if (deliveryGuarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
            if (outagePolicy == OutagePolicy.DROP) {
                throw new IllegalStateException(
                        "delivery guarantee AT_LEAST_ONCE cannot drop records: outage policy DROP"
                                + " ('sink.outage-policy' = 'DROP') contradicts it; use BLOCK or"
                                + " delivery guarantee NONE");
            }
            int idBytes = clientName.getBytes(StandardCharsets.UTF_8).length;
            if (idBytes + MAX_SUBTASK_SUFFIX > HandshakeFrame.MAX_PRODUCER_ID_BYTES) {
                throw new IllegalStateException(
                        "with delivery guarantee AT_LEAST_ONCE the client name is the producer id"
                                + " of the acknowledgement extension (with '-<subtask>'), at most "
                                + (HandshakeFrame.MAX_PRODUCER_ID_BYTES - MAX_SUBTASK_SUFFIX)
                                + " bytes; '"
                                + clientName
                                + "' has "
                                + idBytes);
            }
        }
        return new YomoSink<>(new YomoSinkOptions(this), serializer);
    }

    /** {@code -} and a subtask index of up to 10 digits. */
    private static final int MAX_SUBTASK_SUFFIX = 11;

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
