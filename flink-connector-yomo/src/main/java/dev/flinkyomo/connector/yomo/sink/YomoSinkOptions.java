package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.base.DeliveryGuarantee;

import dev.flinkyomo.yomo.Ids;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection and write settings of a {@link YomoSink}; immutable and serializable, built by {@link
 * YomoSinkBuilder}. Each writer (subtask) opens its own connection as a YoMo source (0x5F), or as
 * an upstream zipper (0x5E) when the sink relays for a zipper mesh.
 */
@PublicEvolving
public final class YomoSinkOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final String clientName;
    private final String clientId;
    private final String credential;
    private final TlsOptions tls;
    private final String target;
    private final boolean upstreamZipper;
    private final OutagePolicy outagePolicy;
    private final DeliveryGuarantee deliveryGuarantee;
    private final int maxBufferedFrames;
    private final Duration maxBufferDelay;
    private final Duration writeTimeout;
    private final Duration endOfInputLinger;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxFrameSize;
    private final int udpBufferSize;

    YomoSinkOptions(YomoSinkBuilder<?> b) {
        host = b.host;
        port = b.port;
        clientName = b.clientName;
        clientId = b.clientId;
        credential = b.credential;
        tls = b.tls;
        target = b.target;
        upstreamZipper = b.upstreamZipper;
        outagePolicy = b.outagePolicy;
        deliveryGuarantee = b.deliveryGuarantee;
        maxBufferedFrames = b.maxBufferedFrames;
        maxBufferDelay = b.maxBufferDelay;
        writeTimeout = b.writeTimeout;
        endOfInputLinger = b.endOfInputLinger;
        handshakeTimeout = b.handshakeTimeout;
        idleTimeout = b.idleTimeout;
        initialBackoff = b.initialBackoff;
        maxBackoff = b.maxBackoff;
        maxFrameSize = b.maxFrameSize;
        udpBufferSize = b.udpBufferSize;
    }

    /**
     * The transport settings of subtask {@code subtask}'s connection. Without a configured id, each
     * subtask gets {@code <name>-<subtask>-<random>} so its frames' {@code yomo-source-id} stays
     * stable across reconnects.
     */
    ClientOptions clientOptions(int subtask) {
        String id =
                clientId != null
                        ? clientId + "-" + subtask
                        : clientName + "-" + subtask + "-" + Ids.newClientId().substring(0, 8);
        ClientType type = upstreamZipper ? ClientType.UPSTREAM_ZIPPER : ClientType.SOURCE;
        ClientOptions.Builder b = ClientOptions.builder(host, port, clientName, type);
        if (deliveryGuarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
            b.acknowledgements(AckOptions.of(producerId(subtask)).withRequired(true));
        }
        return b.id(id)
                .credential(credential)
                .tls(tls)
                .handshakeTimeout(handshakeTimeout)
                .idleTimeout(idleTimeout)
                .reconnect(true)
                .backoff(initialBackoff, maxBackoff)
                .maxFrameSize(maxFrameSize)
                .udpBufferSize(udpBufferSize)
                .build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String clientName() {
        return clientName;
    }

    /** The {@code yomo-target} of every frame, or null. */
    public String target() {
        return target;
    }

    /**
     * True when the sink dials as an upstream zipper (0x5E) and relays frames with their metadata
     * unchanged, as a zipper forwards to a mesh peer; false for a YoMo source (0x5F) writing with
     * {@code ctx.Write}'s metadata rules.
     */
    public boolean upstreamZipper() {
        return upstreamZipper;
    }

    public OutagePolicy outagePolicy() {
        return outagePolicy;
    }

    /** {@link DeliveryGuarantee#NONE} (at-most-once) or {@link DeliveryGuarantee#AT_LEAST_ONCE}. */
    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    /**
     * The producer id of subtask {@code subtask} with {@link DeliveryGuarantee#AT_LEAST_ONCE}:
     * {@code <client name>-<subtask>}, the same after a restart, so the receiver answers a
     * restarted subtask's handshake with where its predecessor stood.
     */
    public String producerId(int subtask) {
        return clientName + "-" + subtask;
    }

    /** Frames written before the connection is flushed; 1 flushes every frame. */
    public int maxBufferedFrames() {
        return maxBufferedFrames;
    }

    /** Longest time a frame waits unflushed when batching; zero when not batching. */
    public Duration maxBufferDelay() {
        return maxBufferDelay;
    }

    /** How long one write may wait for a connection or for flow-control credit before failing. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** How long the connection stays open after the last frame of a bounded input. */
    public Duration endOfInputLinger() {
        return endOfInputLinger;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    @Override
    public String toString() {
        return "YomoSinkOptions{zipper="
                + host
                + ":"
                + port
                + ", name="
                + clientName
                + ", auth="
                + (credential == null
                        ? "none"
                        : credential.substring(0, Math.max(0, credential.indexOf(':'))))
                + ", target="
                + target
                + (upstreamZipper ? ", upstreamZipper" : "")
                + ", outagePolicy="
                + outagePolicy
                + ", deliveryGuarantee="
                + deliveryGuarantee
                + ", maxBufferedFrames="
                + maxBufferedFrames
                + ", maxBufferDelay="
                + maxBufferDelay
                + ", writeTimeout="
                + writeTimeout
                + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YomoSinkOptions x
                && port == x.port
                && maxBufferedFrames == x.maxBufferedFrames
                && maxFrameSize == x.maxFrameSize
                && udpBufferSize == x.udpBufferSize
                && host.equals(x.host)
                && clientName.equals(x.clientName)
                && Objects.equals(clientId, x.clientId)
                && Objects.equals(credential, x.credential)
                && Objects.equals(tls, x.tls)
                && Objects.equals(target, x.target)
                && upstreamZipper == x.upstreamZipper
                && outagePolicy == x.outagePolicy
                && deliveryGuarantee == x.deliveryGuarantee
                && maxBufferDelay.equals(x.maxBufferDelay)
                && writeTimeout.equals(x.writeTimeout)
                && endOfInputLinger.equals(x.endOfInputLinger)
                && handshakeTimeout.equals(x.handshakeTimeout)
                && idleTimeout.equals(x.idleTimeout)
                && initialBackoff.equals(x.initialBackoff)
                && maxBackoff.equals(x.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                host, port, clientName, clientId, target, maxBufferedFrames, writeTimeout);
    }

    static int defaultMaxFrameSize() {
        return ListenerOptions.DEFAULT_MAX_FRAME_SIZE;
    }
}
