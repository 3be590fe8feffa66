package dev.flinkyomo.connector.yomo.source;

import dev.flinkyomo.connector.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.connector.yomo.transport.ListenerOptions;
import dev.flinkyomo.connector.yomo.transport.TlsOptions;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;

/**
 * Builds a listen-mode {@link YomoSource}. Defaults follow a YoMo zipper: port 9000 (+ subtask
 * index), idle timeout 5 s, both protocol generations, self-signed TLS unless {@code YOMO_TLS_*}
 * are set where the job runs.
 */
public final class YomoSourceBuilder<T> {

    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;

    private final ListenerOptions.Builder listener = ListenerOptions.builder().name("yomo-source");
    private YomoDeserializationSchema<T> schema;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

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

    /** Name used in logs, thread names and the {@link YomoListenerRegistry}. */
    public YomoSourceBuilder<T> setListenerName(String name) {
        listener.name(name);
        return this;
    }

    public YomoSourceBuilder<T> setHost(String host) {
        listener.host(host);
        return this;
    }

    /** Base port: subtask i binds {@code port + i}; 0 gives every subtask an ephemeral port. */
    public YomoSourceBuilder<T> setPort(int port) {
        listener.port(port);
        return this;
    }

    /** Token of YoMo's {@code auth: {type: token}}; clients use {@code WithCredential("token:<t>")}. */
    public YomoSourceBuilder<T> setAuthToken(String token) {
        listener.authToken(token);
        return this;
    }

    public YomoSourceBuilder<T> setProtocolGenerations(Set<ProtocolGeneration> generations) {
        listener.generations(generations);
        return this;
    }

    public YomoSourceBuilder<T> setTls(TlsOptions tls) {
        listener.tls(tls);
        return this;
    }

    public YomoSourceBuilder<T> setHandshakeTimeout(Duration timeout) {
        listener.handshakeTimeout(timeout);
        return this;
    }

    public YomoSourceBuilder<T> setIdleTimeout(Duration timeout) {
        listener.idleTimeout(timeout);
        return this;
    }

    public YomoSourceBuilder<T> setMaxFrameSize(int bytes) {
        listener.maxFrameSize(bytes);
        return this;
    }

    public YomoSourceBuilder<T> setMaxConnections(int connections) {
        listener.maxConnections(connections);
        return this;
    }

    public YomoSourceBuilder<T> setUdpBufferSize(int bytes) {
        listener.udpBufferSize(bytes);
        return this;
    }

    /** Frames buffered per subtask between Netty and Flink before devices are pushed back. */
    public YomoSourceBuilder<T> setQueueCapacity(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + frames);
        }
        this.queueCapacity = frames;
        return this;
    }

    public YomoSource<T> build() {
        if (schema == null) {
            throw new IllegalStateException("a deserializer is required");
        }
        return new YomoSource<>(listener.build(), queueCapacity, schema);
    }
}
