package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;

import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.yomo.Credential;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ClientOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Builds a {@link YomoSource} that dials a zipper as a stream function (client type 0x5D, {@link
 * YomoSource#streamFunction()}). Required: {@link #setZipper} and {@link #setObservedTags}.
 * Defaults follow YoMo's Go stream function: final protocol, handshake timeout 10 s, idle timeout
 * 40 s, the zipper's certificate not verified unless {@code YOMO_TLS_VERIFY_PEER=true} or {@link
 * #setTls} says so, redial with backoff 100 ms .. 5 s, one connection.
 */
@PublicEvolving
public final class YomoStreamFunctionSourceBuilder<T>
        extends AbstractYomoSourceBuilder<T, YomoStreamFunctionSourceBuilder<T>> {

    public static final String DEFAULT_NAME = "flink-yomo";

    private String host;
    private int port;
    private String name = DEFAULT_NAME;
    private List<Long> observedTags = List.of();
    private String credential;
    private String wantedTarget = "";
    private Duration initialBackoff;
    private Duration maxBackoff;
    private int connections = 1;

    YomoStreamFunctionSourceBuilder() {}

    /** Records of another type, built from the whole frame. */
    public <R> YomoStreamFunctionSourceBuilder<R> setDeserializer(
            YomoDeserializationSchema<R> deserializer) {
        return retype(deserializer);
    }

    /** Records decoded from the payload only (JSON, y3, text ...). */
    public <R> YomoStreamFunctionSourceBuilder<R> setPayloadDeserializer(
            DeserializationSchema<R> payloadSchema) {
        return setDeserializer(YomoDeserializationSchema.payload(payloadSchema));
    }

    /** The zipper to dial. */
    public YomoStreamFunctionSourceBuilder<T> setZipper(String host, int port) {
        // refused here, by the client's own rule, rather than at build()
        ClientOptions.builder(host, port, name, ClientType.STREAM_FUNCTION);
        this.host = host;
        this.port = port;
        return this;
    }

    /** The stream function's handshake name (default {@value #DEFAULT_NAME}). */
    public YomoStreamFunctionSourceBuilder<T> setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("stream function name must not be blank");
        }
        this.name = name;
        return this;
    }

    /** The data tags the zipper routes to this source (required, uint32, not 0xF000-0xFFFF). */
    public YomoStreamFunctionSourceBuilder<T> setObservedTags(List<Long> tags) {
        List<Long> checked = new ArrayList<>(tags.size());
        for (Long t : tags) {
            if (t == null) {
                throw new IllegalArgumentException("observed tag must be a uint32, got null");
            }
            checked.add(Tag.checkUsable(t, "observed tag"));
        }
        this.observedTags = List.copyOf(new LinkedHashSet<>(checked));
        return this;
    }

    public YomoStreamFunctionSourceBuilder<T> setObservedTags(long... tags) {
        List<Long> list = new ArrayList<>(tags.length);
        for (long t : tags) {
            list.add(t);
        }
        return setObservedTags(list);
    }

    /** {@code name:payload} presented to the zipper, e.g. {@code token:secret}. */
    public YomoStreamFunctionSourceBuilder<T> setCredential(String credential) {
        if (credential != null && Credential.parse(credential).isEmpty()) {
            throw new IllegalArgumentException("credential must be 'name:payload', e.g. 'token:x'");
        }
        this.credential = credential;
        return this;
    }

    /**
     * YoMo's {@code SetWantedTarget}: frames that name a target ({@code yomo-target}) reach this
     * function only if it is this one; untargeted frames reach it as before. Empty: none.
     */
    public YomoStreamFunctionSourceBuilder<T> setWantedTarget(String target) {
        this.wantedTarget = java.util.Objects.requireNonNull(target, "wanted target");
        return this;
    }

    /** Redial delays after a lost connection, doubling from {@code initial} up to {@code max}. */
    public YomoStreamFunctionSourceBuilder<T> setReconnectBackoff(Duration initial, Duration max) {
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
        return this;
    }

    /**
     * How many stream-function connections (subtasks 0..n-1) dial the zipper; default 1. A zipper
     * delivers each frame to every connection observing its tag, so n > 1 duplicates frames n times
     * unless the zipper load-balances; the source's parallelism must be at least n, and subtasks
     * beyond n finish at once.
     */
    public YomoStreamFunctionSourceBuilder<T> setConnections(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be positive, got " + connections);
        }
        this.connections = connections;
        return this;
    }

    public YomoSource<T> build() {
        if (host == null) {
            throw new IllegalStateException(
                    "a stream function needs the zipper's address: setZipper(host, port)");
        }
        if (observedTags.isEmpty()) {
            throw new IllegalStateException(
                    "a stream function needs the tags to observe: setObservedTags");
        }
        ClientOptions.Builder b =
                ClientOptions.builder(host, port, name, ClientType.STREAM_FUNCTION)
                        .observeDataTags(observedTags)
                        .wantedTarget(wantedTarget)
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
        return build(new SourceRole.StreamFunction(b.build(), connections));
    }
}
