package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.YomoProtocol;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link YomoClient}. Defaults follow YoMo's Go client (§2.5.1): idle timeout 40 s,
 * handshake answer awaited 10 s, reconnect on loss, TLS without verification unless {@code
 * YOMO_TLS_VERIFY_PEER=true}. Unlike Go's, at most {@link #DEFAULT_MAX_REDIRECTS} ConnectTo
 * redirects in a row are followed (see {@link Builder#maxRedirects}).
 */
@PublicEvolving
public final class ClientOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * A zipper redirects a client once (a version negotiator or balancer naming the zipper to use);
     * three in a row allow a balancer, a region and a node, while a loop costs at most four
     * handshakes per backoff step before the client goes back to the configured zipper.
     */
    public static final int DEFAULT_MAX_REDIRECTS = 3;

    private final String host;
    private final int port;
    private final String name;
    private final String id;
    private final ClientType clientType;
    private final List<Long> observeDataTags;
    private final String wantedTarget;
    private final String credential;
    private final ProtocolGeneration generation;
    private final TlsOptions tls;
    private final String alpn;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final Duration keepAlive;
    private final boolean reconnect;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxFrameSize;
    private final int udpBufferSize;
    private final int maxRedirects;
    private final AckOptions acknowledgements;

    private ClientOptions(Builder b) {
        host = b.host;
        port = b.port;
        name = b.name;
        id = b.id;
        clientType = b.clientType;
        observeDataTags = List.copyOf(b.observeDataTags);
        wantedTarget = b.wantedTarget;
        credential = b.credential;
        generation = b.generation;
        tls = b.tls;
        alpn = b.alpn;
        handshakeTimeout = b.handshakeTimeout;
        idleTimeout = b.idleTimeout;
        keepAlive = b.keepAlive;
        reconnect = b.reconnect;
        initialBackoff = b.initialBackoff;
        maxBackoff = b.maxBackoff;
        maxFrameSize = b.maxFrameSize;
        udpBufferSize = b.udpBufferSize;
        maxRedirects = b.maxRedirects;
        acknowledgements = b.acknowledgements;
    }

    /** A client of the given type dialling {@code host:port}. */
    public static Builder builder(String host, int port, String name, ClientType type) {
        return new Builder(host, port, name, type);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** Fixed client id, or null for YoMo's {@code <random>-<reconnect count>}. */
    public String id() {
        return id;
    }

    public ClientType clientType() {
        return clientType;
    }

    public List<Long> observeDataTags() {
        return observeDataTags;
    }

    /** A stream function's wanted target; empty for none. */
    public String wantedTarget() {
        return wantedTarget;
    }

    /** {@code name:payload}, e.g. {@code token:secret}; null for none. */
    public String credential() {
        return credential;
    }

    public ProtocolGeneration generation() {
        return generation;
    }

    public TlsOptions resolvedTls() {
        return tls != null ? tls : TlsOptions.fromEnvironment();
    }

    public String alpn() {
        return alpn;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration keepAlive() {
        return keepAlive;
    }

    public boolean reconnect() {
        return reconnect;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public int udpBufferSize() {
        return udpBufferSize;
    }

    /** ConnectTo redirects followed in a row before going back to the configured zipper. */
    public int maxRedirects() {
        return maxRedirects;
    }

    /** The acknowledgement extension this client asks for, or null (a stock client). */
    public AckOptions acknowledgements() {
        return acknowledgements;
    }

    /** Builder with the Go client's defaults. */
    public static final class Builder {
        private final String host;
        private final int port;
        private final String name;
        private ClientType clientType;
        private String id;
        private List<Long> observeDataTags = List.of();
        private String wantedTarget = "";
        private String credential;
        private ProtocolGeneration generation = ProtocolGeneration.FINAL;
        private TlsOptions tls;
        private String alpn = YomoProtocol.ALPN;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(40);
        private Duration keepAlive = Duration.ofSeconds(20);
        private boolean reconnect = true;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private int maxFrameSize = ListenerOptions.DEFAULT_MAX_FRAME_SIZE;
        private int udpBufferSize = ListenerOptions.DEFAULT_UDP_BUFFER_SIZE;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private AckOptions acknowledgements;

        private Builder(String host, int port, String name, ClientType clientType) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
            if (name == null) {
                throw new IllegalArgumentException("name must not be null");
            }
            this.host = host;
            this.port = port;
            this.name = name;
            this.clientType = clientType;
        }

        public Builder clientType(ClientType type) {
            this.clientType = java.util.Objects.requireNonNull(type, "client type");
            return this;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder observeDataTags(List<Long> tags) {
            this.observeDataTags = List.copyOf(tags);
            return this;
        }

        /**
         * A stream function's wanted target (YoMo's {@code SetWantedTarget}): frames that name a
         * target reach it only if it is this one.
         */
        public Builder wantedTarget(String target) {
            this.wantedTarget = java.util.Objects.requireNonNull(target, "wanted target");
            return this;
        }

        public Builder credential(String credential) {
            this.credential = credential;
            return this;
        }

        public Builder generation(ProtocolGeneration generation) {
            this.generation = generation;
            return this;
        }

        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Only for tests of a peer's ALPN check; YoMo always uses {@code yomo}. */
        public Builder alpn(String alpn) {
            this.alpn = alpn;
            return this;
        }

        public Builder handshakeTimeout(Duration d) {
            this.handshakeTimeout = d;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /** Capped at half the negotiated idle timeout. */
        public Builder keepAlive(Duration d) {
            this.keepAlive = d;
            return this;
        }

        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException(
                        "backoff must satisfy 0 < initial <= max, got " + initial + ", " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        public Builder udpBufferSize(int bytes) {
            this.udpBufferSize = bytes;
            return this;
        }

        /**
         * How many ConnectTo redirects in a row the client follows; the next one is refused with a
         * WARN and the client redials the configured zipper after the reconnect backoff. The count
         * starts over at every acknowledged handshake and every dial of the configured zipper. 0
         * follows none.
         */
        public Builder maxRedirects(int redirects) {
            if (redirects < 0) {
                throw new IllegalArgumentException("max redirects must be >= 0, got " + redirects);
            }
            this.maxRedirects = redirects;
            return this;
        }

        /**
         * Asks the zipper for acknowledgements (yomo-java/ACKS.md): frames are numbered, kept until
         * the receiver says they are durable and resent after reconnects. Null: a stock client.
         * Final protocol only; sources only.
         */
        public Builder acknowledgements(AckOptions acks) {
            this.acknowledgements = acks;
            return this;
        }

        public ClientOptions build() {
            if (acknowledgements != null && generation != ProtocolGeneration.FINAL) {
                throw new IllegalArgumentException(
                        "acknowledgements need the final protocol; the 2021 protocol has no"
                                + " handshake fields to negotiate them");
            }
            if (generation == ProtocolGeneration.LEGACY_2021 && credential != null) {
                throw new IllegalArgumentException("the 2021 protocol carries no credentials");
            }
            return new ClientOptions(this);
        }
    }
}
