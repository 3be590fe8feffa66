package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.connector.yomo.source.reader.DecodeErrorPolicy;
import dev.flinkyomo.connector.yomo.source.reader.DeviceWatermarkSettings;
import dev.flinkyomo.connector.yomo.source.reader.FrameQueueSettings;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * What both {@link YomoSource} builders set: the deserializer, the frame queue between the network
 * and Flink, and the QUIC transport settings both ends have (the defaults differ by role; see the
 * role's builder). A null transport setting keeps the role's default.
 *
 * @param <T> records produced
 * @param <B> the role's builder, returned by the setters for chaining
 */
@PublicEvolving
public abstract class AbstractYomoSourceBuilder<T, B extends AbstractYomoSourceBuilder<T, B>> {

    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final long DEFAULT_QUEUE_MAX_BYTES = 16L * 1024 * 1024;
    public static final Duration DEFAULT_FETCH_LINGER = Duration.ofNanos(500_000);

    private YomoDeserializationSchema<T> schema;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private long queueMaxBytes = DEFAULT_QUEUE_MAX_BYTES;
    private Duration fetchLinger = DEFAULT_FETCH_LINGER;
    private DecodeErrorPolicy decodeErrorPolicy = DecodeErrorPolicy.SKIP;
    private boolean perDeviceWatermarks = true;
    private int maxWatermarkDevices = DeviceWatermarkSettings.DEFAULT_MAX_DEVICES;
    private Duration watermarkDeviceRetention = DeviceWatermarkSettings.DEFAULT_RETENTION;
    TlsOptions tls;
    Duration handshakeTimeout;
    Duration idleTimeout;
    Integer maxFrameSize;
    Integer udpBufferSize;

    @SuppressWarnings("unchecked")
    AbstractYomoSourceBuilder() {
        this.schema = (YomoDeserializationSchema<T>) YomoDeserializationSchema.records();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The same builder producing {@code R}: only the record type changes, so the cast is safe (the
     * role builders call this from their typed {@code setDeserializer}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    final <R, NB> NB retype(YomoDeserializationSchema<R> deserializer) {
        this.schema =
                (YomoDeserializationSchema) Objects.requireNonNull(deserializer, "deserializer");
        return (NB) this;
    }

    /**
     * Most frames buffered per subtask between Netty and Flink before the peers are pushed back
     * (default {@value #DEFAULT_QUEUE_CAPACITY}); see also {@link #setQueueMaxBytes}.
     */
    public B setQueueCapacity(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + frames);
        }
        this.queueCapacity = frames;
        return self();
    }

    /**
     * Most bytes of frames (payload, metadata and object overhead) buffered per subtask before the
     * peers are pushed back (default 16 MiB), whatever the frame count. While less than half of it
     * is used, any frame is taken, so a frame larger than the rest of the room never waits forever.
     */
    public B setQueueMaxBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("queue byte limit must be positive, got " + bytes);
        }
        this.queueMaxBytes = bytes;
        return self();
    }

    /**
     * How long the fetcher waits for more frames when it finds several (8 to 511) waiting while
     * they arrive at 100k frames/s or more, so that a high rate reaches the task in fewer, larger
     * batches (default 500 us; zero turns it off). At lower rates frames are handed over at once.
     */
    public B setFetchLinger(Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("fetch linger must not be negative, got " + linger);
        }
        this.fetchLinger = linger;
        return self();
    }

    /**
     * What to do with a frame whose payload the deserializer refuses (default {@link
     * DecodeErrorPolicy#SKIP}: devices are not under the job's control, and one sending garbage
     * must not stop the others). {@link DecodeErrorPolicy#DEAD_LETTER} needs a deserializer that
     * can represent the bad frame, such as {@link YomoDeserializationSchema#payloadOrDeadLetter} or
     * {@link YomoDeserializationSchema#records}.
     */
    public B setDecodeErrorPolicy(DecodeErrorPolicy policy) {
        this.decodeErrorPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /**
     * Whether each device gets its own watermark (default true): its client id (its name when it
     * has none) for a directly connected source, the {@code yomo-source-id} metadata for frames an
     * upstream zipper forwards. The {@code WatermarkStrategy} given to {@code env.fromSource} then
     * runs per device, idleness included, and the subtask's watermark is the minimum over its
     * active devices, so a device whose clock is behind the others' holds the watermark back
     * instead of having its readings dropped as late. False: one watermark per subtask, driven by
     * whichever device's timestamps are ahead.
     */
    public B setPerDeviceWatermarks(boolean enabled) {
        this.perDeviceWatermarks = enabled;
        return self();
    }

    /**
     * Most devices with their own watermark per subtask (default {@value
     * DeviceWatermarkSettings#DEFAULT_MAX_DEVICES}). The records of further devices share one
     * watermark (counted in the {@code yomo.numRecordsOverDeviceCap} metric and logged) until the
     * outputs of silent devices are released.
     */
    public B setMaxWatermarkDevices(int devices) {
        if (devices < 1) {
            throw new IllegalArgumentException(
                    "most devices with their own watermark must be positive, got " + devices);
        }
        this.maxWatermarkDevices = devices;
        return self();
    }

    /**
     * How long a device's watermark outlives the device's last frame (default 5 minutes): then it
     * is released, stops holding the watermark back and its memory is freed. The strategy's
     * idleness ({@code withIdleness}) takes a silent device out of the minimum earlier.
     */
    public B setWatermarkDeviceRetention(Duration retention) {
        this.watermarkDeviceRetention = positive(retention, "device watermark retention");
        return self();
    }

    /** Certificates and peer verification; default: the {@code YOMO_TLS_*} environment. */
    public B setTls(TlsOptions tls) {
        this.tls = tls;
        return self();
    }

    /** How long the handshake may take (the role's builder gives the default). */
    public B setHandshakeTimeout(Duration timeout) {
        this.handshakeTimeout = positive(timeout, "handshake timeout");
        return self();
    }

    /** QUIC idle timeout (the role's builder gives the default). */
    public B setIdleTimeout(Duration timeout) {
        this.idleTimeout = positive(timeout, "idle timeout");
        return self();
    }

    /** Largest frame accepted (default 16 MiB). */
    public B setMaxFrameSize(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException(
                    "max frame size must be at least 16 bytes, got " + bytes);
        }
        this.maxFrameSize = bytes;
        return self();
    }

    /** Requested UDP socket buffer size (default 16 MiB); 0 keeps the kernel default. */
    public B setUdpBufferSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(
                    "UDP buffer size must not be negative, got " + bytes);
        }
        this.udpBufferSize = bytes;
        return self();
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    /** Builds the source of {@code role} with the settings common to both roles. */
    final YomoSource<T> build(SourceRole role) {
        if (decodeErrorPolicy == DecodeErrorPolicy.DEAD_LETTER && !schema.supportsDeadLetters()) {
            throw new IllegalArgumentException(
                    "decode error policy DEAD_LETTER needs a deserializer that can emit a dead"
                            + " letter (YomoDeserializationSchema.payloadOrDeadLetter(schema) or"
                            + " records()); "
                            + schema.getClass().getName()
                            + " cannot");
        }
        FrameQueueSettings queue =
                new FrameQueueSettings(queueCapacity, queueMaxBytes, fetchLinger);
        role.check(queue);
        DeviceWatermarkSettings devices =
                new DeviceWatermarkSettings(
                        perDeviceWatermarks, maxWatermarkDevices, watermarkDeviceRetention);
        return new YomoSource<>(role, queue, schema, decodeErrorPolicy, devices);
    }
}
