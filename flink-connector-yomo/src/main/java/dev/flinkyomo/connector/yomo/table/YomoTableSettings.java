package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import dev.flinkyomo.connector.yomo.sink.YomoSinkBuilder;
import dev.flinkyomo.connector.yomo.source.YomoSourceBuilder;
import dev.flinkyomo.connector.yomo.source.YomoSourceMode;
import dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.Mode;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.transport.TlsOptions;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.AUTH_TOKEN;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.CREDENTIAL;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.FETCH_LINGER;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.HANDSHAKE_TIMEOUT;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.HOST;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.IDLE_TIMEOUT;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.LISTENER_NAME;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.MAX_CONNECTIONS;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.MAX_FRAME_SIZE;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.MODE;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.OBSERVED_TAGS;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.PORT;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.QUEUE_CAPACITY;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.QUEUE_MAX_BYTES;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.SINK_BATCH_MAX_DELAY;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.SINK_BATCH_MAX_FRAMES;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.SINK_CLIENT_NAME;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.SINK_TAG;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.SINK_TARGET;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.SINK_WRITE_TIMEOUT;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.STREAM_FUNCTION_CONNECTIONS;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.STREAM_FUNCTION_NAME;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.TLS_CA_FILE;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.TLS_CERT_FILE;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.TLS_KEY_FILE;
import static dev.flinkyomo.connector.yomo.table.YomoConnectorOptions.TLS_VERIFY_PEER;

/**
 * The validated options of one 'yomo' table. Every check names the option, so a bad table
 * definition fails when the table is first planned with a message the user can act on.
 */
final class YomoTableSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final Mode mode;
    private final String host;
    private final int port;
    private final String listenerName;
    private final Set<Long> observedTags;
    private final String streamFunctionName;
    private final int streamFunctionConnections;
    private final String authToken;
    private final String credential;
    private final TlsOptions tls;
    private final int maxFrameSize;
    private final int maxConnections;
    private final int queueCapacity;
    private final long queueMaxBytes;
    private final Duration fetchLinger;
    private final Duration idleTimeout;
    private final Duration handshakeTimeout;
    private final Long sinkTag;
    private final String sinkTarget;
    private final String sinkClientName;
    private final Duration writeTimeout;
    private final int batchMaxFrames;
    private final Duration batchMaxDelay;

    /**
     * @param table the table's full name, for messages
     * @param name the table's object name, the default listener and client name
     */
    private YomoTableSettings(ReadableConfig o, String table, String name, boolean sink) {
        this.table = table;
        this.mode = o.getOptional(MODE).orElse(sink ? Mode.CONNECT : Mode.LISTEN);
        if (sink && mode != Mode.CONNECT) {
            throw invalid(
                    MODE, mode, "a 'yomo' sink table writes to a zipper, so it needs 'connect'");
        }
        this.port = o.get(PORT);
        int minPort = mode == Mode.LISTEN ? 0 : 1;
        if (port < minPort || port > 65535) {
            throw invalid(PORT, port, "must be " + minPort + "..65535 in " + mode + " mode");
        }
        String h = o.getOptional(HOST).orElse(null);
        if (mode == Mode.CONNECT && (h == null || h.isBlank())) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": option 'host' is required in connect mode (the zipper to dial)");
        }
        this.host = h == null ? "0.0.0.0" : h;
        this.listenerName = o.getOptional(LISTENER_NAME).orElse(name);
        this.observedTags = parseTags(o.getOptional(OBSERVED_TAGS).orElse(null));
        boolean streamFunction = !sink && mode == Mode.CONNECT;
        if (streamFunction && observedTags == null) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": option 'observed-tags' is required for a connect-mode"
                            + " source table (the tags the zipper routes to this stream function)");
        }
        this.streamFunctionName = o.getOptional(STREAM_FUNCTION_NAME).orElse(name);
        this.streamFunctionConnections =
                positive(STREAM_FUNCTION_CONNECTIONS, o.get(STREAM_FUNCTION_CONNECTIONS));
        this.authToken = o.getOptional(AUTH_TOKEN).orElse(null);
        if (authToken != null && authToken.isEmpty()) {
            throw invalid(
                    AUTH_TOKEN, "''", "must not be empty (leave it out for no authentication)");
        }
        if (streamFunction && authToken != null) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": option 'auth.token' is for listen mode; a connect-mode"
                            + " source table presents 'credential' (e.g. 'token:secret') to the zipper");
        }
        this.credential = o.getOptional(CREDENTIAL).orElse(null);
        if (credential != null && credential.indexOf(':') < 0) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": option 'credential' must be 'name:payload', e.g. 'token:secret'");
        }
        this.tls = tls(o);
        long frame = o.get(MAX_FRAME_SIZE).getBytes();
        if (frame < 16 || frame > Integer.MAX_VALUE) {
            throw invalid(MAX_FRAME_SIZE, o.get(MAX_FRAME_SIZE), "must be 16 bytes .. 2 GiB");
        }
        this.maxFrameSize = (int) frame;
        this.maxConnections = positive(MAX_CONNECTIONS, o.get(MAX_CONNECTIONS));
        this.queueCapacity = positive(QUEUE_CAPACITY, o.get(QUEUE_CAPACITY));
        this.queueMaxBytes = o.get(QUEUE_MAX_BYTES).getBytes();
        this.fetchLinger = o.get(FETCH_LINGER);
        if (fetchLinger.isNegative()) {
            throw invalid(FETCH_LINGER, fetchLinger, "must not be negative");
        }
        if (queueMaxBytes < 1) {
            throw invalid(QUEUE_MAX_BYTES, o.get(QUEUE_MAX_BYTES), "must be positive");
        }
        this.idleTimeout = positive(IDLE_TIMEOUT, o.getOptional(IDLE_TIMEOUT).orElse(null));
        this.handshakeTimeout =
                positive(HANDSHAKE_TIMEOUT, o.getOptional(HANDSHAKE_TIMEOUT).orElse(null));
        this.sinkTag = o.getOptional(SINK_TAG).orElse(null);
        if (sinkTag != null) {
            checkTag(SINK_TAG, sinkTag, () -> sinkTag);
        }
        this.sinkTarget = o.getOptional(SINK_TARGET).orElse(null);
        this.sinkClientName = o.getOptional(SINK_CLIENT_NAME).orElse(name);
        this.writeTimeout = positive(SINK_WRITE_TIMEOUT, o.get(SINK_WRITE_TIMEOUT));
        this.batchMaxFrames = positive(SINK_BATCH_MAX_FRAMES, o.get(SINK_BATCH_MAX_FRAMES));
        this.batchMaxDelay = positive(SINK_BATCH_MAX_DELAY, o.get(SINK_BATCH_MAX_DELAY));
    }

    static YomoTableSettings forSource(ReadableConfig options, String table, String name) {
        return new YomoTableSettings(options, table, name, false);
    }

    static YomoTableSettings forSink(ReadableConfig options, String table, String name) {
        return new YomoTableSettings(options, table, name, true);
    }

    private Set<Long> parseTags(List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return null;
        }
        Set<Long> out = new LinkedHashSet<>();
        for (String t : tags) {
            out.add(checkTag(OBSERVED_TAGS, t, () -> Tag.parse(t)));
        }
        return out;
    }

    /** The tag {@code parse} gives, refused (naming the table and option) unless usable. */
    private long checkTag(ConfigOption<?> option, Object text, LongSupplier parse) {
        try {
            return Tag.checkUsable(parse.getAsLong(), "tag");
        } catch (IllegalArgumentException e) {
            throw invalid(option, "'" + text + "'", e.getMessage());
        }
    }

    private TlsOptions tls(ReadableConfig o) {
        boolean any =
                o.getOptional(TLS_CERT_FILE).isPresent()
                        || o.getOptional(TLS_KEY_FILE).isPresent()
                        || o.getOptional(TLS_CA_FILE).isPresent()
                        || o.getOptional(TLS_VERIFY_PEER).isPresent();
        if (!any) {
            return null; // the YOMO_TLS_* environment of the task manager applies
        }
        try {
            return new TlsOptions(
                    o.getOptional(TLS_CERT_FILE).orElse(null),
                    o.getOptional(TLS_KEY_FILE).orElse(null),
                    o.getOptional(TLS_CA_FILE).orElse(null),
                    o.get(TLS_VERIFY_PEER));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "table " + table + ": options 'tls.*': " + e.getMessage());
        }
    }

    private int positive(ConfigOption<?> option, int v) {
        if (v < 1) {
            throw invalid(option, v, "must be positive");
        }
        return v;
    }

    private Duration positive(ConfigOption<?> option, Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw invalid(option, d, "must be positive");
        }
        return d;
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

    /** Applies the source settings (listen or stream-function mode) to a source builder. */
    <T> YomoSourceBuilder<T> configure(YomoSourceBuilder<T> b) {
        b.setHost(host)
                .setPort(port)
                .setMaxFrameSize(maxFrameSize)
                .setQueueCapacity(queueCapacity)
                .setQueueMaxBytes(queueMaxBytes)
                .setFetchLinger(fetchLinger);
        if (mode == Mode.CONNECT) {
            b.setMode(YomoSourceMode.CONNECT)
                    .setStreamFunctionName(streamFunctionName)
                    .setObservedTags(List.copyOf(observedTags))
                    .setConnections(streamFunctionConnections);
            if (credential != null) {
                b.setCredential(credential);
            }
        } else {
            b.setListenerName(listenerName).setMaxConnections(maxConnections);
            if (authToken != null) {
                b.setAuthToken(authToken);
            }
        }
        if (tls != null) {
            b.setTls(tls);
        }
        if (idleTimeout != null) {
            b.setIdleTimeout(idleTimeout);
        }
        if (handshakeTimeout != null) {
            b.setHandshakeTimeout(handshakeTimeout);
        }
        return b;
    }

    /** Applies the connect-mode settings to a sink builder. */
    <T> YomoSinkBuilder<T> configure(YomoSinkBuilder<T> b) {
        b.setZipper(host, port)
                .setClientName(sinkClientName)
                .setCredential(credential)
                .setTarget(sinkTarget)
                .setMaxFrameSize(maxFrameSize)
                .setWriteTimeout(writeTimeout)
                .setBatching(batchMaxFrames, batchMaxFrames > 1 ? batchMaxDelay : Duration.ZERO);
        if (tls != null) {
            b.setTls(tls);
        }
        if (idleTimeout != null) {
            b.setIdleTimeout(idleTimeout);
        }
        if (handshakeTimeout != null) {
            b.setHandshakeTimeout(handshakeTimeout);
        }
        return b;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String listenerName() {
        return listenerName;
    }

    Mode mode() {
        return mode;
    }

    String streamFunctionName() {
        return streamFunctionName;
    }

    /** Tags to keep (listen mode) or observe (connect mode), or null for all. */
    Set<Long> observedTags() {
        return observedTags;
    }

    Long sinkTag() {
        return sinkTag;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YomoTableSettings s
                && port == s.port
                && maxFrameSize == s.maxFrameSize
                && maxConnections == s.maxConnections
                && queueCapacity == s.queueCapacity
                && queueMaxBytes == s.queueMaxBytes
                && fetchLinger.equals(s.fetchLinger)
                && batchMaxFrames == s.batchMaxFrames
                && streamFunctionConnections == s.streamFunctionConnections
                && streamFunctionName.equals(s.streamFunctionName)
                && table.equals(s.table)
                && mode == s.mode
                && host.equals(s.host)
                && listenerName.equals(s.listenerName)
                && Objects.equals(observedTags, s.observedTags)
                && Objects.equals(authToken, s.authToken)
                && Objects.equals(credential, s.credential)
                && Objects.equals(tls, s.tls)
                && Objects.equals(idleTimeout, s.idleTimeout)
                && Objects.equals(handshakeTimeout, s.handshakeTimeout)
                && Objects.equals(sinkTag, s.sinkTag)
                && Objects.equals(sinkTarget, s.sinkTarget)
                && sinkClientName.equals(s.sinkClientName)
                && writeTimeout.equals(s.writeTimeout)
                && batchMaxDelay.equals(s.batchMaxDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, mode, host, port, listenerName, observedTags, sinkTag);
    }
}
