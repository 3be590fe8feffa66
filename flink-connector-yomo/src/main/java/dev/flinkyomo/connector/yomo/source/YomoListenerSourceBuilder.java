package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;

import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementSettings;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.SecurityProfile;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link YomoSource} that listens in a zipper's place ({@link YomoSource#listener()}).
 * Defaults follow a YoMo zipper: bind 0.0.0.0, port 9000 (+ subtask index), handshake timeout 3 s,
 * idle timeout 5 s, both protocol generations, self-signed TLS unless {@code YOMO_TLS_*} are set
 * where the job runs; admission limits as {@link ListenerOptions} documents them.
 */
@PublicEvolving
public final class YomoListenerSourceBuilder<T>
        extends AbstractYomoSourceBuilder<T, YomoListenerSourceBuilder<T>> {

    private AcknowledgementMode acknowledgements = AcknowledgementMode.NONE;
    private Duration producerTtl = AcknowledgementSettings.DEFAULT_PRODUCER_TTL;

    private final ListenerOptions.Builder listener = ListenerOptions.builder().name("yomo-source");

    YomoListenerSourceBuilder() {}

    /** Records of another type, built from the whole frame. */
    public <R> YomoListenerSourceBuilder<R> setDeserializer(
            YomoDeserializationSchema<R> deserializer) {
        return retype(deserializer);
    }

    /** Records decoded from the payload only (JSON, y3, text ...). */
    public <R> YomoListenerSourceBuilder<R> setPayloadDeserializer(
            DeserializationSchema<R> payloadSchema) {
        return setDeserializer(YomoDeserializationSchema.payload(payloadSchema));
    }

    /** Address to bind (default 0.0.0.0). */
    public YomoListenerSourceBuilder<T> setHost(String host) {
        listener.host(host);
        return this;
    }

    /** Base port: subtask i binds {@code port + i}; 0 gives every subtask an ephemeral port. */
    public YomoListenerSourceBuilder<T> setPort(int port) {
        listener.port(port);
        return this;
    }

    /** Name used in logs, thread names and the {@link YomoListenerRegistry}. */
    public YomoListenerSourceBuilder<T> setListenerName(String name) {
        listener.name(name);
        return this;
    }

    /**
     * Token of YoMo's {@code auth: {type: token}}; clients use {@code WithCredential("token:<t>")}.
     */
    public YomoListenerSourceBuilder<T> setAuthToken(String token) {
        listener.authToken(token);
        return this;
    }

    /** Which protocol generations are accepted (default both). */
    public YomoListenerSourceBuilder<T> setProtocolGenerations(
            Set<ProtocolGeneration> generations) {
        listener.generations(generations);
        return this;
    }

    /** Most authenticated client connections per subtask. */
    public YomoListenerSourceBuilder<T> setMaxConnections(int connections) {
        listener.maxConnections(connections);
        return this;
    }

    /**
     * The memory a subtask's listener may hold in all: its queue, frame buffers and QUIC
     * flow-control credit (default 512 MiB). The listener divides it and derives each connection's
     * stream window from it; see yomo-java's ListenerMemoryPlan for the formula.
     */
    public YomoListenerSourceBuilder<T> setMemoryBudget(long bytes) {
        listener.memoryBudget(bytes);
        return this;
    }

    /**
     * How long the token of the listener's Retry (QUIC address validation) may be used to open a
     * connection (default 30 s); an older one is dropped before any TLS work and the device
     * redials. A few seconds, under the devices' handshake timeout, keeps a listener that is behind
     * in a reconnect storm from spending handshakes on dials whose device has given up.
     */
    public YomoListenerSourceBuilder<T> setRetryTokenLifetime(Duration lifetime) {
        listener.retryTokenLifetime(lifetime);
        return this;
    }

    /** Most connections per subtask awaiting their handshake, apart from the authenticated ones. */
    public YomoListenerSourceBuilder<T> setMaxPendingConnections(int connections) {
        listener.maxPendingConnections(connections);
        return this;
    }

    /** Most connections per subtask from one IP address, pending and authenticated; 0 = no cap. */
    public YomoListenerSourceBuilder<T> setMaxConnectionsPerAddress(int connections) {
        listener.maxConnectionsPerAddress(connections);
        return this;
    }

    /** Largest handshake frame, refused from its length header. */
    public YomoListenerSourceBuilder<T> setMaxHandshakeSize(int bytes) {
        listener.maxHandshakeSize(bytes);
        return this;
    }

    /**
     * How long a frame larger than 64 KiB may take to arrive once its header has (default 30 s); a
     * client that stalls mid-frame is closed and the frame's memory given back.
     */
    public YomoListenerSourceBuilder<T> setFrameTimeout(Duration timeout) {
        listener.frameTimeout(timeout);
        return this;
    }

    /**
     * STRICT: the listener does not start without token, real certificate and final protocol only.
     */
    public YomoListenerSourceBuilder<T> setSecurityProfile(SecurityProfile profile) {
        listener.securityProfile(profile);
        return this;
    }

    /**
     * Whether devices that ask for the acknowledgement extension (yomo-java/ACKS.md) get it
     * (default {@link AcknowledgementMode#NONE}). {@link AcknowledgementMode#ON_CHECKPOINT} needs
     * checkpointing.
     */
    public YomoListenerSourceBuilder<T> setAcknowledgements(AcknowledgementMode mode) {
        this.acknowledgements = java.util.Objects.requireNonNull(mode, "acknowledgement mode");
        return this;
    }

    /**
     * How long a silent acknowledging device keeps its position in the state (default 24 h); one
     * silent for longer starts over as unknown and its still-buffered frames are emitted again.
     */
    public YomoListenerSourceBuilder<T> setProducerTtl(Duration ttl) {
        this.producerTtl = ttl;
        return this;
    }

    /**
     * Lets YoMo stream functions (0x5D) connect to the listener as to a zipper: what they write
     * comes out of this source like a device's frames (client type 0x5D), and {@link
     * dev.flinkyomo.connector.yomo.sink.ConnectedFunctionsSink} routes records to them by the tags
     * they observe. Off by default (a plain source refuses them and says why).
     */
    public YomoListenerSourceBuilder<T> setAcceptStreamFunctions(boolean accept) {
        listener.acceptStreamFunctions(accept);
        return this;
    }

    /**
     * The workflow's stream functions in order, for a zipper running a yomo v1.5 or v1.6 workflow
     * file: only those names connect (the 2021 protocol's functions too), and each takes only what
     * was written before it in the list ({@code ConnectedFunctionsSink.of(name, positions)}). Empty
     * by default: yomo v1.16's routing by observed tags, any name.
     */
    public YomoListenerSourceBuilder<T> setWorkflowFunctions(List<String> names) {
        listener.workflowFunctions(names);
        return this;
    }

    /**
     * How long a record for a connected function waits for room in its stream before that function
     * is closed as stuck (default 10 s); until then the function's backpressure slows the sink.
     */
    public YomoListenerSourceBuilder<T> setFunctionWriteTimeout(Duration timeout) {
        listener.functionWriteTimeout(timeout);
        return this;
    }

    public YomoSource<T> build() {
        if (tls != null) {
            listener.tls(tls);
        }
        if (handshakeTimeout != null) {
            listener.handshakeTimeout(handshakeTimeout);
        }
        if (idleTimeout != null) {
            listener.idleTimeout(idleTimeout);
        }
        if (maxFrameSize != null) {
            listener.maxFrameSize(maxFrameSize);
        }
        if (udpBufferSize != null) {
            listener.udpBufferSize(udpBufferSize);
        }
        return build(
                new SourceRole.Listener(
                        listener.build(),
                        new AcknowledgementSettings(acknowledgements, producerTtl)));
    }
}
