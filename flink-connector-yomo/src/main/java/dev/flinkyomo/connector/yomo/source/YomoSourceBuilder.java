package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.serialization.DeserializationSchema;

import dev.flinkyomo.connector.yomo.source.reader.FrameQueueSettings;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link YomoSource}.
 *
 * <p>Listen mode (the default) follows a YoMo zipper: port 9000 (+ subtask index), idle timeout 5
 * s, both protocol generations, self-signed TLS unless {@code YOMO_TLS_*} are set where the job
 * runs.
 *
 * <p>Connect mode ({@link #connectTo} or {@code setMode(CONNECT)} with {@link #setHost}/{@link
 * #setPort}) follows YoMo's Go stream function: final protocol, idle timeout 40 s, the zipper's
 * certificate not verified unless {@code YOMO_TLS_VERIFY_PEER=true} or {@link #setTls} says so,
 * redial with backoff 100 ms .. 5 s. Observed tags are required; one connection by default.
 *
 * <p>Options of the other mode are refused at {@link #build()}, naming them.
 */
public final class YomoSourceBuilder<T> {

    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final long DEFAULT_QUEUE_MAX_BYTES = 16L * 1024 * 1024;
    public static final Duration DEFAULT_FETCH_LINGER = Duration.ofNanos(500_000);
    public static final String DEFAULT_STREAM_FUNCTION_NAME = "flink-yomo";

    private final ListenerOptions.Builder listener = ListenerOptions.builder().name("yomo-source");
    private final Set<String> listenOnly = new LinkedHashSet<>();
    private final Set<String> connectOnly = new LinkedHashSet<>();
    private YomoDeserializationSchema<T> schema;
    private YomoSourceMode mode = YomoSourceMode.LISTEN;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private long queueMaxBytes = DEFAULT_QUEUE_MAX_BYTES;
    private Duration fetchLinger = DEFAULT_FETCH_LINGER;
    // connect mode; null = the client's default
    private String host;
    private int port = ListenerOptions.DEFAULT_PORT;
    private String streamFunctionName = DEFAULT_STREAM_FUNCTION_NAME;
    private List<Long> observedTags = List.of();
    private String credential;
    private TlsOptions tls;
    private Duration handshakeTimeout;
    private Duration idleTimeout;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Integer maxFrameSize;
    private Integer udpBufferSize;
    private int connections = 1;

    YomoSourceBuilder(YomoDeserializationSchema<T> schema) {
        this.schema = schema;
    }

    /** Records of another type, built from the whole frame. */
    public <R> YomoSourceBuilder<R> setDeserializer(YomoDeserializationSchema<R> deserializer) {
        @SuppressWarnings("unchecked")
        YomoSourceBuilder<R> self = (YomoSourceBuilder<R>) this;
        self.schema = deserializer;
        return self;
    }

    /** Records decoded from the payload only (JSON, y3, text ...). */
    public <R> YomoSourceBuilder<R> setPayloadDeserializer(DeserializationSchema<R> payloadSchema) {
        return setDeserializer(YomoDeserializationSchema.payload(payloadSchema));
    }

    /** Listen (default) or connect; see the class comment. */
    public YomoSourceBuilder<T> setMode(YomoSourceMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Connect mode, dialling the zipper at {@code host:port}. */
    public YomoSourceBuilder<T> connectTo(String host, int port) {
        return setMode(YomoSourceMode.CONNECT).setHost(host).setPort(port);
    }

    /**
     * Listen mode: address to bind (default 0.0.0.0). Connect mode: the zipper's host (required).
     */
    public YomoSourceBuilder<T> setHost(String host) {
        listener.host(host);
        this.host = host;
        return this;
    }

    /**
     * Listen mode: base port, subtask i binds {@code port + i}; 0 gives every subtask an ephemeral
     * port. Connect mode: the zipper's port. Default 9000, YoMo's.
     */
    public YomoSourceBuilder<T> setPort(int port) {
        listener.port(port);
        this.port = port;
        return this;
    }

    /** Listen mode: name used in logs, thread names and the {@link YomoListenerRegistry}. */
    public YomoSourceBuilder<T> setListenerName(String name) {
        listener.name(name);
        listenOnly.add("setListenerName");
        return this;
    }

    /**
     * Listen mode: token of YoMo's {@code auth: {type: token}}; clients use {@code
     * WithCredential("token:<t>")}.
     */
    public YomoSourceBuilder<T> setAuthToken(String token) {
        listener.authToken(token);
        listenOnly.add("setAuthToken");
        return this;
    }

    /** Listen mode: which protocol generations are accepted (default both). */
    public YomoSourceBuilder<T> setProtocolGenerations(Set<ProtocolGeneration> generations) {
        listener.generations(generations);
        listenOnly.add("setProtocolGenerations");
        return this;
    }

    /** Listen mode: most concurrent client connections per subtask. */
    public YomoSourceBuilder<T> setMaxConnections(int connections) {
        listener.maxConnections(connections);
        listenOnly.add("setMaxConnections");
        return this;
    }

    /**
     * Connect mode: the stream function's handshake name (default {@value
     * #DEFAULT_STREAM_FUNCTION_NAME}).
     */
    public YomoSourceBuilder<T> setStreamFunctionName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("stream function name must not be blank");
        }
        this.streamFunctionName = name;
        connectOnly.add("setStreamFunctionName");
        return this;
    }

    /**
     * Connect mode: the data tags the zipper routes to this source (required, uint32, not
     * 0xF000-0xFFFF).
     */
    public YomoSourceBuilder<T> setObservedTags(List<Long> tags) {
        List<Long> checked = new ArrayList<>(tags.size());
        for (Long t : tags) {
            if (t == null) {
                throw new IllegalArgumentException("observed tag must be a uint32, got null");
            }
            checked.add(Tag.checkUsable(t, "observed tag"));
        }
        this.observedTags = List.copyOf(new LinkedHashSet<>(checked));
        connectOnly.add("setObservedTags");
        return this;
    }

    public YomoSourceBuilder<T> setObservedTags(long... tags) {
        List<Long> list = new ArrayList<>(tags.length);
        for (long t : tags) {
            list.add(t);
        }
        return setObservedTags(list);
    }

    /** Connect mode: {@code name:payload} presented to the zipper, e.g. {@code token:secret}. */
    public YomoSourceBuilder<T> setCredential(String credential) {
        if (credential != null && credential.indexOf(':') < 0) {
            throw new IllegalArgumentException(
                    "credential must be 'name:payload' (e.g. 'token:secret')");
        }
        this.credential = credential;
        connectOnly.add("setCredential");
        return this;
    }

    /**
     * Connect mode: redial delays after a lost connection, doubling from {@code initial} up to
     * {@code max}.
     */
    public YomoSourceBuilder<T> setReconnectBackoff(Duration initial, Duration max) {
        if (initial == null
                || max == null
                || initial.isNegative()
                || initial.isZero()
                || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff must satisfy 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initialBackoff = initial;
        this.maxBackoff = max;
        connectOnly.add("setReconnectBackoff");
        return this;
    }

    /**
     * Connect mode: how many stream-function connections (subtasks 0..n-1) dial the zipper; default
     * 1. A zipper delivers each frame to every connection observing its tag, so n > 1 duplicates
     * frames n times unless the zipper load-balances; the source's parallelism must be at least n,
     * and subtasks beyond n finish at once.
     */
    public YomoSourceBuilder<T> setConnections(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be positive, got " + connections);
        }
        this.connections = connections;
        connectOnly.add("setConnections");
        return this;
    }

    /**
     * Certificates and peer verification: the listener's identity, or how the zipper is verified.
     */
    public YomoSourceBuilder<T> setTls(TlsOptions tls) {
        listener.tls(tls);
        this.tls = tls;
        return this;
    }

    /**
     * Listen: time a client has to send its handshake (5 s). Connect: time the zipper has to answer
     * (10 s).
     */
    public YomoSourceBuilder<T> setHandshakeTimeout(Duration timeout) {
        listener.handshakeTimeout(timeout);
        this.handshakeTimeout = timeout;
        return this;
    }

    /** QUIC idle timeout: 5 s listening, 40 s connecting by default, as YoMo. */
    public YomoSourceBuilder<T> setIdleTimeout(Duration timeout) {
        listener.idleTimeout(timeout);
        this.idleTimeout = timeout;
        return this;
    }

    public YomoSourceBuilder<T> setMaxFrameSize(int bytes) {
        listener.maxFrameSize(bytes);
        this.maxFrameSize = bytes;
        return this;
    }

    public YomoSourceBuilder<T> setUdpBufferSize(int bytes) {
        listener.udpBufferSize(bytes);
        this.udpBufferSize = bytes;
        return this;
    }

    /**
     * Most frames buffered per subtask between Netty and Flink before the peers are pushed back
     * (default {@value #DEFAULT_QUEUE_CAPACITY}); see also {@link #setQueueMaxBytes}.
     */
    public YomoSourceBuilder<T> setQueueCapacity(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + frames);
        }
        this.queueCapacity = frames;
        return this;
    }

    /**
     * How long the fetcher waits for more frames when it finds several (8 to 511) waiting while
     * they arrive at 100k frames/s or more, so that a high rate reaches the task in fewer, larger
     * batches (default 500 us; zero turns it off). At lower rates frames are handed over at once.
     */
    public YomoSourceBuilder<T> setFetchLinger(Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("fetch linger must not be negative, got " + linger);
        }
        this.fetchLinger = linger;
        return this;
    }

    /**
     * Most bytes of frames (payload, metadata and object overhead) buffered per subtask before the
     * peers are pushed back (default 16 MiB), whatever the frame count. While less than half of it
     * is used, any frame is taken, so a frame larger than the rest of the room never waits forever.
     */
    public YomoSourceBuilder<T> setQueueMaxBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("queue byte limit must be positive, got " + bytes);
        }
        this.queueMaxBytes = bytes;
        return this;
    }

    public YomoSource<T> build() {
        if (schema == null) {
            throw new IllegalStateException("a deserializer is required");
        }
        Set<String> foreign = mode == YomoSourceMode.LISTEN ? connectOnly : listenOnly;
        if (!foreign.isEmpty()) {
            throw new IllegalStateException(
                    foreign
                            + (foreign.size() == 1 ? " is" : " are")
                            + " not used in "
                            + mode
                            + " mode"
                            + (mode == YomoSourceMode.LISTEN
                                    ? " (call connectTo or setMode(CONNECT))"
                                    : ""));
        }
        if (mode == YomoSourceMode.LISTEN) {
            return YomoSource.listening(listener.build(), queueSettings(), schema);
        }
        return YomoSource.connecting(clientOptions(), connections, queueSettings(), schema);
    }

    private FrameQueueSettings queueSettings() {
        return new FrameQueueSettings(queueCapacity, queueMaxBytes, fetchLinger);
    }

    private ClientOptions clientOptions() {
        if (host == null || host.isBlank()) {
            throw new IllegalStateException(
                    "connect mode needs the zipper's host: connectTo(host, port) or setHost");
        }
        if (port < 1) {
            throw new IllegalStateException(
                    "connect mode needs the zipper's port (1..65535), got " + port);
        }
        if (observedTags.isEmpty()) {
            throw new IllegalStateException(
                    "connect mode needs the tags to observe: setObservedTags");
        }
        ClientOptions.Builder b =
                ClientOptions.builder(host, port, streamFunctionName, ClientType.STREAM_FUNCTION)
                        .observeDataTags(observedTags)
                        .credential(credential)
                        .tls(tls)
                        .reconnect(true);
        if (handshakeTimeout != null) {
            b.handshakeTimeout(handshakeTimeout);
        }
        if (idleTimeout != null) {
            b.idleTimeout(idleTimeout);
        }
        if (initialBackoff != null) {
            b.backoff(initialBackoff, maxBackoff);
        }
        if (maxFrameSize != null) {
            b.maxFrameSize(maxFrameSize);
        }
        if (udpBufferSize != null) {
            b.udpBufferSize(udpBufferSize);
        }
        return b.build();
    }
}
