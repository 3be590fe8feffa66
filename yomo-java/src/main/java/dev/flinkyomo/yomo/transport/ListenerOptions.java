package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;

import java.io.Serializable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of a {@link YomoListener} (Flink in the zipper's place). Immutable and serializable so a
 * Flink source can ship it to its readers. Defaults follow YoMo's zipper (§2.5.1): idle timeout 5
 * s, both protocol generations, self-signed TLS unless {@code YOMO_TLS_*} say otherwise.
 *
 * <p>Admission of untrusted devices: a connection is <em>pending</em> from its QUIC handshake until
 * its YoMo handshake is accepted, and only then takes one of {@link #maxConnections()}. Pending
 * connections have their own limit ({@link #maxPendingConnections()}), a deadline ({@link
 * #handshakeTimeout()}) and a small first frame ({@link #maxHandshakeSize()}), and every source
 * address has a cap over both kinds ({@link #maxConnectionsPerAddress()}), so a flood of
 * connections that never authenticate cannot take the places of real devices.
 */
@PublicEvolving
public final class ListenerOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_PORT = 9000;
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    public static final int DEFAULT_UDP_BUFFER_SIZE = 16 * 1024 * 1024;
    public static final long DEFAULT_MEMORY_BUDGET = 512L * 1024 * 1024;
    public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    /**
     * The largest handshake frame: 4 KiB. A source's or upstream zipper's final-protocol handshake
     * (the only clients this listener admits; stream functions, which add observed tags and a
     * function definition, are refused) is the 2-4 byte frame header plus nine fields of 2-3 bytes
     * header each (27), a name and a target of up to 255 bytes each, an ID (a 21-character nanoid,
     * '-' and a reconnect counter: under 32), the auth name "token", the version "2024-01-03" and
     * the token: with a 1 KiB token that is about 1.6 KiB, so 4 KiB leaves room for a 3 KiB token.
     * The 2021 handshake (name and client type) is smaller still.
     */
    public static final int DEFAULT_MAX_HANDSHAKE_SIZE = 4 * 1024;

    /**
     * Connections awaiting their handshake: 256. A real device is pending for about one round trip
     * (it sends its handshake as soon as the stream opens), so 256 places absorb hundreds of
     * reconnects a second after a restart, while a flood of idle connections holds each place only
     * for the handshake timeout and never touches the {@link #DEFAULT_MAX_CONNECTIONS} of
     * authenticated devices. Connections in their QUIC (TLS) handshake hold places too, and one
     * beyond the limit is dropped before its TLS handshake (see {@code AdmittingTokenHandler}).
     */
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 256;

    /**
     * Connections (pending and authenticated) from one IP address: 128, an eighth of {@link
     * #DEFAULT_MAX_CONNECTIONS}: many devices behind one NAT gateway still get in, yet one host
     * cannot take more than half of the pending places. QUIC's address validation (a Retry token
     * bound to the address, see {@link HmacQuicTokenHandler}) means the address is the sender's
     * own, not a spoofed one. 0 turns the cap off.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 128;

    /**
     * The time a client has to send its handshake: 3 s, YoMo's own QUIC {@code
     * HandshakeIdleTimeout} (§2.5.1), which a Go client allows for the whole TLS handshake; the
     * YoMo handshake is one frame sent right after it. Shorter than the 5 s it used to be because
     * each pending connection holds a place that long.
     */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

    /**
     * How long the address-validation token of a Retry stays good for opening a connection: 30 s.
     * An Initial that carries an older token is dropped before any connection state or TLS work,
     * and the client redials. A lower value (a few seconds, under the clients' own handshake
     * timeout) sheds the dials that waited so long in the listener's receive queue that their
     * client has probably given up, which keeps a listener that is behind in a reconnect storm from
     * spending its handshakes on them (issue 17).
     */
    public static final Duration DEFAULT_RETRY_TOKEN_LIFETIME =
            Duration.ofSeconds(HmacQuicTokenHandler.LIFETIME_SECONDS);

    /**
     * How long a frame for a connected stream function may wait for room in its stream before the
     * function is closed as stuck: long enough for a slow function to catch up (backpressure),
     * short enough that a function that stopped reading holds the others up for seconds, not
     * forever.
     */
    public static final Duration DEFAULT_FUNCTION_WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String host;
    private final int port;
    private final String authToken;
    private final EnumSet<ProtocolGeneration> generations;
    private final Duration handshakeTimeout;
    private final Duration retryTokenLifetime;
    private final Duration idleTimeout;
    private final Duration keepAlive;
    private final int maxFrameSize;
    private final int maxConnections;
    private final int maxHandshakeSize;
    private final int maxPendingConnections;
    private final int maxConnectionsPerAddress;
    private final SecurityProfile securityProfile;
    private final int streamWindow;
    private final int udpBufferSize;
    private final TlsOptions tls;
    private final int eventLoopThreads;
    private final long memoryBudget;
    private final Duration frameTimeout;
    private final boolean acceptStreamFunctions;
    private final Duration functionWriteTimeout;
    private final List<String> workflowFunctions;

    private ListenerOptions(Builder b) {
        this.name = b.name;
        this.host = b.host;
        this.port = b.port;
        this.authToken = b.authToken;
        this.generations = EnumSet.copyOf(b.generations);
        this.handshakeTimeout = b.handshakeTimeout;
        this.retryTokenLifetime = b.retryTokenLifetime;
        this.idleTimeout = b.idleTimeout;
        this.keepAlive = b.keepAlive;
        this.maxFrameSize = b.maxFrameSize;
        this.maxConnections = b.maxConnections;
        this.maxHandshakeSize = b.maxHandshakeSize;
        this.maxPendingConnections = b.maxPendingConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.securityProfile = b.securityProfile;
        this.streamWindow = b.streamWindow;
        this.udpBufferSize = b.udpBufferSize;
        this.tls = b.tls;
        this.eventLoopThreads = b.eventLoopThreads;
        this.memoryBudget = b.memoryBudget;
        this.frameTimeout = b.frameTimeout;
        this.acceptStreamFunctions = b.acceptStreamFunctions;
        this.functionWriteTimeout = b.functionWriteTimeout;
        this.workflowFunctions = b.workflowFunctions;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.host = host;
        b.port = port;
        b.authToken = authToken;
        b.generations = EnumSet.copyOf(generations);
        b.handshakeTimeout = handshakeTimeout;
        b.retryTokenLifetime = retryTokenLifetime;
        b.idleTimeout = idleTimeout;
        b.keepAlive = keepAlive;
        b.maxFrameSize = maxFrameSize;
        b.maxConnections = maxConnections;
        b.maxHandshakeSize = maxHandshakeSize;
        b.maxPendingConnections = maxPendingConnections;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.securityProfile = securityProfile;
        b.streamWindow = streamWindow;
        b.udpBufferSize = udpBufferSize;
        b.tls = tls;
        b.eventLoopThreads = eventLoopThreads;
        b.memoryBudget = memoryBudget;
        b.frameTimeout = frameTimeout;
        b.acceptStreamFunctions = acceptStreamFunctions;
        b.functionWriteTimeout = functionWriteTimeout;
        b.workflowFunctions = workflowFunctions;
        return b;
    }

    /** Whether stream functions (0x5D) may connect, as to a YoMo zipper. */
    public boolean acceptStreamFunctions() {
        return acceptStreamFunctions;
    }

    public Duration functionWriteTimeout() {
        return functionWriteTimeout;
    }

    /**
     * The workflow's functions in order (yomo v1.5 and v1.6 files list them); empty when functions
     * are routed by tag alone (yomo v1.16 and later). See {@link Builder#workflowFunctions}.
     */
    public List<String> workflowFunctions() {
        return workflowFunctions;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    /** 0 binds an ephemeral port; see {@link YomoListener#boundAddress()}. */
    public int port() {
        return port;
    }

    /** The token clients must present ({@code auth: {type: token}}), or null for no auth. */
    public String authToken() {
        return authToken;
    }

    public Set<ProtocolGeneration> generations() {
        return EnumSet.copyOf(generations);
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** See {@link #DEFAULT_RETRY_TOKEN_LIFETIME}. */
    public Duration retryTokenLifetime() {
        return retryTokenLifetime;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Keep-alive period towards clients that support it (see QuicKeepAlive). */
    public Duration keepAlive() {
        return keepAlive;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Most authenticated connections (those whose handshake was accepted). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Largest first frame, refused from its length header (at most {@link #maxFrameSize()}). */
    public int maxHandshakeSize() {
        return Math.min(maxHandshakeSize, maxFrameSize);
    }

    /** Most connections awaiting their handshake, apart from {@link #maxConnections()}. */
    public int maxPendingConnections() {
        return maxPendingConnections;
    }

    /** Most connections, pending and authenticated, from one IP address; 0 = no cap. */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /** Whether a listener with a known weakness starts with a warning or not at all. */
    public SecurityProfile securityProfile() {
        return securityProfile;
    }

    public int streamWindow() {
        return streamWindow;
    }

    public int udpBufferSize() {
        return udpBufferSize;
    }

    /** Explicit TLS settings, or the {@code YOMO_TLS_*} environment of the listening process. */
    public TlsOptions resolvedTls() {
        return tls != null ? tls : TlsOptions.fromEnvironment();
    }

    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    /**
     * The memory the listener may hold in all (queue, frame buffers, QUIC credit); see {@link
     * ListenerMemoryPlan} for how it is divided and the stream window derived from it.
     */
    public long memoryBudget() {
        return memoryBudget;
    }

    /**
     * How long a frame larger than a connection's 64 KiB allowance may take to arrive once its
     * header has; a client that stalls mid-frame is closed and the frame's memory given back.
     */
    public Duration frameTimeout() {
        return frameTimeout;
    }

    /**
     * Fails, with the numbers, if {@link #memoryBudget()} cannot serve {@link #maxConnections()}
     * and {@link #maxPendingConnections()} next to a frame queue of {@code queueMaxBytes} (see
     * {@link YomoListener}'s memory plan), so a job can refuse it when built rather than when its
     * listener starts.
     */
    public void checkMemoryBudget(long queueMaxBytes) {
        ListenerMemoryPlan.of(this, queueMaxBytes);
    }

    @Override
    public String toString() {
        return "ListenerOptions{name="
                + name
                + ", host="
                + host
                + ", port="
                + port
                + ", auth="
                + (authToken == null ? "none" : "token")
                + ", generations="
                + generations
                + ", handshakeTimeout="
                + handshakeTimeout
                + ", retryTokenLifetime="
                + retryTokenLifetime
                + ", idleTimeout="
                + idleTimeout
                + ", maxFrameSize="
                + maxFrameSize
                + ", maxConnections="
                + maxConnections
                + ", memoryBudget="
                + memoryBudget
                + ", maxPendingConnections="
                + maxPendingConnections
                + ", maxConnectionsPerAddress="
                + maxConnectionsPerAddress
                + ", maxHandshakeSize="
                + maxHandshakeSize()
                + ", securityProfile="
                + securityProfile
                + ", streamFunctions="
                + (acceptStreamFunctions ? "accepted" : "refused")
                + (workflowFunctions.isEmpty() ? "" : ", workflowFunctions=" + workflowFunctions)
                + '}';
    }

    /** Builder with YoMo's defaults. */
    public static final class Builder {
        private String name = "yomo-listener";
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String authToken;
        private EnumSet<ProtocolGeneration> generations = EnumSet.allOf(ProtocolGeneration.class);
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration retryTokenLifetime = DEFAULT_RETRY_TOKEN_LIFETIME;
        private Duration idleTimeout = Duration.ofSeconds(5);
        private Duration keepAlive = Duration.ofSeconds(2);
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxHandshakeSize = DEFAULT_MAX_HANDSHAKE_SIZE;
        private int maxPendingConnections = DEFAULT_MAX_PENDING_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private SecurityProfile securityProfile = SecurityProfile.DEFAULT;
        private int streamWindow = 8 * 1024 * 1024;
        private int udpBufferSize = DEFAULT_UDP_BUFFER_SIZE;
        private TlsOptions tls;
        private int eventLoopThreads = 1;
        private long memoryBudget = DEFAULT_MEMORY_BUDGET;
        private Duration frameTimeout = DEFAULT_FRAME_TIMEOUT;
        private boolean acceptStreamFunctions;
        private Duration functionWriteTimeout = DEFAULT_FUNCTION_WRITE_TIMEOUT;
        private List<String> workflowFunctions = List.of();

        private Builder() {}

        public Builder name(String name) {
            this.name = require(name, "name");
            return this;
        }

        public Builder host(String host) {
            this.host = require(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder authToken(String token) {
            if (token != null && token.isEmpty()) {
                throw new IllegalArgumentException(
                        "auth token must not be empty (use null for no auth)");
            }
            this.authToken = token;
            return this;
        }

        public Builder generations(Set<ProtocolGeneration> generations) {
            if (generations.isEmpty()) {
                throw new IllegalArgumentException(
                        "at least one protocol generation must be accepted");
            }
            this.generations = EnumSet.copyOf(generations);
            return this;
        }

        public Builder handshakeTimeout(Duration d) {
            this.handshakeTimeout = positive(d, "handshake timeout");
            return this;
        }

        public Builder idleTimeout(Duration d) {
            this.idleTimeout = positive(d, "idle timeout");
            return this;
        }

        public Builder keepAlive(Duration d) {
            this.keepAlive = positive(d, "keep-alive period");
            return this;
        }

        /**
         * Lets stream functions (0x5D) connect, observe tags and write frames back, as to a YoMo
         * zipper; frames reach them through {@link YomoListener#functions()}. Off by default: a
         * plain source refuses them with a message saying so.
         */
        public Builder acceptStreamFunctions(boolean accept) {
            this.acceptStreamFunctions = accept;
            return this;
        }

        /**
         * The workflow's functions in order, as a yomo v1.5 or v1.6 zipper holds them: then only a
         * stream function with a listed name may connect (yomo@v1.5.3 closes any other with 0xCC,
         * "illegal sfn"), the 2021 protocol's functions are accepted, and a function takes only
         * what the sources and the functions listed before it wrote ({@link
         * dev.flinkyomo.yomo.Routing#follows}). Empty (the default): yomo v1.16's routing by tag,
         * any name, final protocol only.
         */
        public Builder workflowFunctions(List<String> names) {
            for (String n : names) {
                if (n == null || n.isEmpty()) {
                    throw new IllegalArgumentException(
                            "workflow function names must not be empty, got " + names);
                }
            }
            this.workflowFunctions = List.copyOf(names);
            return this;
        }

        /** See {@link #DEFAULT_FUNCTION_WRITE_TIMEOUT}. */
        public Builder functionWriteTimeout(Duration d) {
            this.functionWriteTimeout = positive(d, "function write timeout");
            return this;
        }

        public Builder maxFrameSize(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException(
                        "max frame size must be at least 16 bytes, got " + bytes);
            }
            this.maxFrameSize = bytes;
            return this;
        }

        public Builder maxConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max connections must be positive, got " + n);
            }
            this.maxConnections = n;
            return this;
        }

        /** Largest handshake frame; a first frame announcing more is refused before it arrives. */
        public Builder maxHandshakeSize(int bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException(
                        "max handshake size must be at least 64 bytes, got " + bytes);
            }
            this.maxHandshakeSize = bytes;
            return this;
        }

        /** See {@link ListenerOptions#DEFAULT_RETRY_TOKEN_LIFETIME}. */
        public Builder retryTokenLifetime(Duration d) {
            this.retryTokenLifetime = positive(d, "retry token lifetime");
            return this;
        }

        public Builder maxPendingConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException(
                        "max pending connections must be positive, got " + n);
            }
            this.maxPendingConnections = n;
            return this;
        }

        /** 0 turns the per-address cap off. */
        public Builder maxConnectionsPerAddress(int n) {
            if (n < 0) {
                throw new IllegalArgumentException(
                        "max connections per address must not be negative (0 = no cap), got " + n);
            }
            this.maxConnectionsPerAddress = n;
            return this;
        }

        public Builder securityProfile(SecurityProfile profile) {
            if (profile == null) {
                throw new IllegalArgumentException("security profile must not be null");
            }
            this.securityProfile = profile;
            return this;
        }

        /** QUIC flow-control window of the data stream; what a client may send unread. */
        public Builder streamWindow(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException(
                        "stream window must be at least 1024 bytes, got " + bytes);
            }
            this.streamWindow = bytes;
            return this;
        }

        public Builder udpBufferSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException(
                        "UDP buffer size must not be negative, got " + bytes);
            }
            this.udpBufferSize = bytes;
            return this;
        }

        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public Builder eventLoopThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("event loop threads must be positive, got " + n);
            }
            this.eventLoopThreads = n;
            return this;
        }

        /** See {@link ListenerOptions#memoryBudget()}; default 512 MiB. */
        public Builder memoryBudget(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException(
                        "memory budget must be at least 1 MiB, got " + bytes + " bytes");
            }
            this.memoryBudget = bytes;
            return this;
        }

        /** See {@link ListenerOptions#frameTimeout()}; default 30 s. */
        public Builder frameTimeout(Duration d) {
            this.frameTimeout = positive(d, "frame timeout");
            return this;
        }

        public ListenerOptions build() {
            return new ListenerOptions(this);
        }

        private static String require(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return s;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
