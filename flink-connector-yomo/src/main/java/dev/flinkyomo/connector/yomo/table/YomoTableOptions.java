package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.api.ValidationException;

import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.connector.yomo.sink.YomoSinkBuilder;
import dev.flinkyomo.connector.yomo.source.AbstractYomoSourceBuilder;
import dev.flinkyomo.connector.yomo.source.YomoListenerSourceBuilder;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.YomoStreamFunctionSourceBuilder;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.Mode;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.*;

/**
 * The options of one 'yomo' table and their one mapping into the DataStream builders: every {@link
 * ConfigOption} is read here and handed to the builder setter that means the same, and a value the
 * builder refuses fails naming the table and the option. Equality is the options' (a {@link
 * Configuration}), which is what the planner compares when it copies sources and sinks.
 *
 * @param table the table's full name, for messages
 * @param name the table's object name: the default listener, stream-function and client name
 * @param options the table's options, already checked for unknown keys by the factory
 */
@Internal
record YomoTableOptions(String table, String name, Configuration options) {

    /** This, once a source was built from it: a bad table fails when planned, naming the option. */
    YomoTableOptions validatedForSource() {
        source(YomoDeserializationSchema.records());
        return this;
    }

    /** This, once a sink was built from it. */
    YomoTableOptions validatedForSink() {
        sink(YomoRecordSerializer.yomoRecords());
        return this;
    }

    Mode sourceMode() {
        return options.getOptional(MODE).orElse(Mode.LISTEN);
    }

    /** The source of this table, decoding frames with {@code deserializer}. */
    <T> YomoSource<T> source(YomoDeserializationSchema<T> deserializer) {
        if (sourceMode() == Mode.LISTEN) {
            YomoListenerSourceBuilder<T> b = YomoSource.listener().setDeserializer(deserializer);
            b.setHost(options.getOptional(HOST).orElse("0.0.0.0"));
            set(PORT, b::setPort);
            b.setListenerName(options.getOptional(LISTENER_NAME).orElse(name));
            options.getOptional(AUTH_TOKEN).ifPresent(t -> set(AUTH_TOKEN, t, b::setAuthToken));
            set(MAX_CONNECTIONS, b::setMaxConnections);
            set(MAX_PENDING_CONNECTIONS, b::setMaxPendingConnections);
            set(RETRY_TOKEN_LIFETIME, b::setRetryTokenLifetime);
            set(MAX_CONNECTIONS_PER_ADDRESS, b::setMaxConnectionsPerAddress);
            set(MAX_HANDSHAKE_SIZE, v -> b.setMaxHandshakeSize(frameSize(v)));
            set(SECURITY_PROFILE, b::setSecurityProfile);
            set(PROTOCOL_GENERATIONS, v -> b.setProtocolGenerations(generations(v)));
            set(MEMORY_BUDGET, v -> b.setMemoryBudget(v.getBytes()));
            set(FRAME_TIMEOUT, b::setFrameTimeout);
            set(SCAN_ACKNOWLEDGEMENTS, b::setAcknowledgements);
            set(SCAN_ACKNOWLEDGEMENTS_PRODUCER_TTL, b::setProducerTtl);
            try {
                return common(b).build();
            } catch (IllegalArgumentException e) {
                // options that only fail together, e.g. 'memory-budget' for 'max-connections'
                throw new ValidationException("table " + table + ": " + e.getMessage(), e);
            }
        }
        for (ConfigOption<?> listenOnly : LISTEN_ONLY) {
            if (options.getOptional(listenOnly).isPresent()) {
                throw new ValidationException(
                        "table "
                                + table
                                + ": option '"
                                + listenOnly.key()
                                + "' is for listen mode (a connect-mode source table dials a zipper)");
            }
        }
        YomoStreamFunctionSourceBuilder<T> b =
                YomoSource.streamFunction().setDeserializer(deserializer);
        zipper(b::setZipper);
        if (options.getOptional(AUTH_TOKEN).isPresent()) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": option 'auth.token' is for listen mode; a connect-mode"
                            + " source table presents 'credential' (e.g. 'token:secret') to the zipper");
        }
        Set<Long> tags = observedTags();
        if (tags == null) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": option 'observed-tags' is required for a connect-mode"
                            + " source table (the tags the zipper routes to this stream function)");
        }
        b.setObservedTags(List.copyOf(tags));
        set(
                STREAM_FUNCTION_NAME,
                options.getOptional(STREAM_FUNCTION_NAME).orElse(name),
                b::setName);
        set(STREAM_FUNCTION_CONNECTIONS, b::setConnections);
        options.getOptional(CREDENTIAL).ifPresent(c -> set(CREDENTIAL, c, b::setCredential));
        return common(b).build();
    }

    /**
     * Admission, security, memory and acknowledgement options that mean nothing to a stream
     * function dialling out.
     */
    private static final List<ConfigOption<?>> LISTEN_ONLY =
            List.of(
                    MAX_PENDING_CONNECTIONS,
                    RETRY_TOKEN_LIFETIME,
                    MAX_CONNECTIONS_PER_ADDRESS,
                    MAX_HANDSHAKE_SIZE,
                    SECURITY_PROFILE,
                    PROTOCOL_GENERATIONS,
                    MEMORY_BUDGET,
                    FRAME_TIMEOUT,
                    SCAN_ACKNOWLEDGEMENTS,
                    SCAN_ACKNOWLEDGEMENTS_PRODUCER_TTL);

    /** 'final' and '2021' as the generations they name. */
    private static Set<ProtocolGeneration> generations(List<String> names) {
        Set<ProtocolGeneration> out = EnumSet.noneOf(ProtocolGeneration.class);
        for (String n : names) {
            switch (n.trim().toLowerCase(Locale.ROOT)) {
                case "final" -> out.add(ProtocolGeneration.FINAL);
                case "2021" -> out.add(ProtocolGeneration.LEGACY_2021);
                default ->
                        throw new IllegalArgumentException(
                                "'" + n + "' is not a generation; use 'final' and/or '2021'");
            }
        }
        return out;
    }

    /** What both source roles take: queue, TLS, timeouts, frame size. */
    private <B extends AbstractYomoSourceBuilder<?, B>> B common(B b) {
        set(QUEUE_CAPACITY, b::setQueueCapacity);
        set(QUEUE_MAX_BYTES, v -> b.setQueueMaxBytes(v.getBytes()));
        set(FETCH_LINGER, b::setFetchLinger);
        set(SCAN_DECODE_ERRORS, b::setDecodeErrorPolicy);
        set(SCAN_WATERMARK_PER_DEVICE, b::setPerDeviceWatermarks);
        set(SCAN_WATERMARK_PER_DEVICE_MAX_DEVICES, b::setMaxWatermarkDevices);
        set(SCAN_WATERMARK_PER_DEVICE_RETENTION, b::setWatermarkDeviceRetention);
        transport(b::setMaxFrameSize, b::setIdleTimeout, b::setHandshakeTimeout, b::setTls);
        return b;
    }

    /** The sink of this table; a 'yomo' sink always connects to a zipper. */
    <T> YomoSink<T> sink(YomoRecordSerializer<T> serializer) {
        Mode mode = options.getOptional(MODE).orElse(Mode.CONNECT);
        if (mode != Mode.CONNECT) {
            throw invalid(
                    MODE, mode, "a 'yomo' sink table writes to a zipper, so it needs 'connect'");
        }
        sinkTag(); // refuses a reserved tag now rather than at the first row
        YomoSinkBuilder<T> b = YomoSink.<T>builder().setRecordSerializer(serializer);
        zipper(b::setZipper);
        set(SINK_CLIENT_NAME, options.getOptional(SINK_CLIENT_NAME).orElse(name), b::setClientName);
        options.getOptional(CREDENTIAL).ifPresent(c -> set(CREDENTIAL, c, b::setCredential));
        options.getOptional(SINK_TARGET).ifPresent(b::setTarget);
        set(SINK_OUTAGE_POLICY, b::setOutagePolicy);
        set(SINK_WRITE_TIMEOUT, b::setWriteTimeout);
        int frames = options.get(SINK_BUFFER_FLUSH_MAX_ROWS);
        if (frames < 1) {
            throw invalid(SINK_BUFFER_FLUSH_MAX_ROWS, frames, "must be positive");
        }
        set(SINK_BUFFER_FLUSH_INTERVAL, d -> b.setBatching(frames, d));
        set(SINK_DELIVERY_GUARANTEE, b::setDeliveryGuarantee);
        transport(b::setMaxFrameSize, b::setIdleTimeout, b::setHandshakeTimeout, b::setTls);
        try {
            return b.build();
        } catch (IllegalStateException e) {
            // options that only fail together, e.g. 'at-least-once' with 'DROP'
            throw new ValidationException("table " + table + ": " + e.getMessage(), e);
        }
    }

    /** Tags to keep (listen mode) or observe (connect mode), or null for all. */
    Set<Long> observedTags() {
        List<String> tags = options.getOptional(OBSERVED_TAGS).orElse(null);
        if (tags == null || tags.isEmpty()) {
            return null;
        }
        Set<Long> out = new LinkedHashSet<>();
        for (String t : tags) {
            try {
                out.add(Tag.checkUsable(Tag.parse(t), "tag"));
            } catch (IllegalArgumentException e) {
                throw invalid(OBSERVED_TAGS, "'" + t + "'", e.getMessage());
            }
        }
        return out;
    }

    /** The tag of rows without a tag column value, or null. */
    Long sinkTag() {
        String tag = options.getOptional(SINK_TAG).orElse(null);
        if (tag == null) {
            return null;
        }
        try {
            return Tag.checkUsable(Tag.parse(tag.trim()), "tag");
        } catch (IllegalArgumentException e) {
            throw invalid(SINK_TAG, "'" + tag + "'", e.getMessage());
        }
    }

    /** The QUIC settings sources and sinks share, for either builder. */
    private void transport(
            Consumer<Integer> maxFrameSize,
            Consumer<Duration> idleTimeout,
            Consumer<Duration> handshakeTimeout,
            Consumer<TlsOptions> tlsSetter) {
        set(MAX_FRAME_SIZE, v -> maxFrameSize.accept(frameSize(v)));
        options.getOptional(IDLE_TIMEOUT).ifPresent(d -> set(IDLE_TIMEOUT, d, idleTimeout));
        options.getOptional(HANDSHAKE_TIMEOUT)
                .ifPresent(d -> set(HANDSHAKE_TIMEOUT, d, handshakeTimeout));
        TlsOptions tls = tls();
        if (tls != null) {
            tlsSetter.accept(tls);
        }
    }

    /** 'host' and 'port' of the zipper dialled in connect mode. */
    private void zipper(ZipperSetter setter) {
        String host = options.getOptional(HOST).orElse(null);
        if (host == null || host.isBlank()) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": option 'host' is required in connect mode (the zipper to dial)");
        }
        set(PORT, port -> setter.set(host, port));
    }

    @FunctionalInterface
    private interface ZipperSetter {
        void set(String host, int port);
    }

    private TlsOptions tls() {
        boolean any =
                options.getOptional(TLS_CERT_FILE).isPresent()
                        || options.getOptional(TLS_KEY_FILE).isPresent()
                        || options.getOptional(TLS_CA_FILE).isPresent()
                        || options.getOptional(TLS_VERIFY_PEER).isPresent();
        if (!any) {
            return null; // the YOMO_TLS_* environment of the task manager applies
        }
        try {
            return new TlsOptions(
                    options.getOptional(TLS_CERT_FILE).orElse(null),
                    options.getOptional(TLS_KEY_FILE).orElse(null),
                    options.getOptional(TLS_CA_FILE).orElse(null),
                    options.get(TLS_VERIFY_PEER));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "table " + table + ": options 'tls.*': " + e.getMessage());
        }
    }

    private int frameSize(MemorySize size) {
        if (size.getBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be 16 bytes .. 2 GiB");
        }
        return (int) size.getBytes();
    }

    /** Hands the option's value (or default) to {@code setter}, naming the option if refused. */
    private <V> void set(ConfigOption<V> option, Consumer<V> setter) {
        set(option, options.get(option), setter);
    }

    private <V> void set(ConfigOption<?> option, V value, Consumer<V> setter) {
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw invalid(option, value, e.getMessage());
        }
    }

    private ValidationException invalid(ConfigOption<?> option, Object value, String why) {
        return new ValidationException(
                "table "
                        + table
                        + ": invalid value "
                        + value
                        + " for option '"
                        + option.key()
                        + "': "
                        + why);
    }
}
