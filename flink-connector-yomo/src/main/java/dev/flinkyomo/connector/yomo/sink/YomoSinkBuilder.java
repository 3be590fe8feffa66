package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;

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
        return new YomoSink<>(new YomoSinkOptions(this), serializer);
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
