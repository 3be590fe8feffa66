package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.connector.base.DeliveryGuarantee;

import dev.flinkyomo.connector.yomo.sink.OutagePolicy;
import dev.flinkyomo.connector.yomo.source.AbstractYomoSourceBuilder;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementSettings;
import dev.flinkyomo.connector.yomo.source.reader.DecodeErrorPolicy;
import dev.flinkyomo.connector.yomo.source.reader.DeviceWatermarkSettings;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.SecurityProfile;

import java.time.Duration;
import java.util.List;

/** Options of the {@code 'connector' = 'yomo'} table connector. */
@PublicEvolving
public final class YomoConnectorOptions {

    /** Which end of the QUIC connection Flink is. */
    public enum Mode implements DescribedEnum {
        LISTEN("listen", "Flink takes a zipper's place: YoMo sources dial it (source tables)."),
        CONNECT(
                "connect",
                "Flink dials a zipper: as a YoMo source writing frames (sink tables) or as a"
                        + " stream function receiving the observed tags (source tables).");

        private final String value;
        private final String description;

        Mode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return TextElement.text(description);
        }
    }

    public static final ConfigOption<Mode> MODE =
            ConfigOptions.key("mode")
                    .enumType(Mode.class)
                    .noDefaultValue()
                    .withDescription(
                            "'listen' or 'connect'. Default: 'listen' for source tables, 'connect' for sink tables."
                                    + " A 'connect' source table is a YoMo stream function of an existing zipper.");

    public static final ConfigOption<String> HOST =
            ConfigOptions.key("host")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Address to bind in listen mode (default 0.0.0.0) or zipper host to dial in connect mode (required).");

    public static final ConfigOption<Integer> PORT =
            ConfigOptions.key("port")
                    .intType()
                    .defaultValue(ListenerOptions.DEFAULT_PORT)
                    .withDescription(
                            "UDP port, default 9000 (YoMo's). In listen mode subtask i binds port + i on whichever"
                                    + " TaskManager runs it (its host:port is the gauge yomo.boundAddress and the log line"
                                    + " 'listener-<i> ... listens on ...'); 0 binds ephemeral ports (logged, and published"
                                    + " under 'scan.listener-name' in this JVM).");

    public static final ConfigOption<String> LISTENER_NAME =
            ConfigOptions.key("scan.listener-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Name of the listeners in logs and thread names (listen mode); default: the table name.")
                    .withFallbackKeys("listener-name");

    public static final ConfigOption<List<String>> OBSERVED_TAGS =
            ConfigOptions.key("scan.observed-tags")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Data tags to read, decimal or 0x-hex, separated by ';' (e.g. '0x33;0x34'). In listen"
                                    + " mode frames with other tags are skipped (and counted); default: all tags. In connect mode"
                                    + " (source tables) the tags the zipper routes to the stream function; required.")
                    .withFallbackKeys("observed-tags");

    public static final ConfigOption<String> STREAM_FUNCTION_NAME =
            ConfigOptions.key("scan.stream-function.name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Connect-mode source tables: the stream function's handshake name; default: the table name.")
                    .withFallbackKeys("stream-function.name");

    public static final ConfigOption<Integer> STREAM_FUNCTION_CONNECTIONS =
            ConfigOptions.key("scan.stream-function.connections")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Connect-mode source tables: stream-function connections, one per subtask 0..n-1"
                                    + " (other subtasks finish). A zipper sends each frame to every connection observing its"
                                    + " tag, so n > 1 duplicates frames unless the zipper load-balances.")
                    .withFallbackKeys("stream-function.connections");

    public static final ConfigOption<String> AUTH_TOKEN =
            ConfigOptions.key("auth.token")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Listen mode: the token of YoMo's auth: {type: token}; clients send"
                                    + " WithCredential(\"token:<token>\"). Default: no authentication.");

    public static final ConfigOption<String> CREDENTIAL =
            ConfigOptions.key("credential")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Connect mode: the credential presented to the zipper, 'name:payload' (e.g. 'token:secret')."
                                    + " Source and sink tables.");

    public static final ConfigOption<String> TLS_CERT_FILE =
            ConfigOptions.key("tls.cert-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "PEM certificate (YOMO_TLS_CERT_FILE). Listen mode default: a generated self-signed certificate.");

    public static final ConfigOption<String> TLS_KEY_FILE =
            ConfigOptions.key("tls.key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("PEM private key of 'tls.cert-file' (YOMO_TLS_KEY_FILE).");

    public static final ConfigOption<String> TLS_CA_FILE =
            ConfigOptions.key("tls.ca-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "PEM CA certificates (YOMO_TLS_CACERT_FILE) used when 'tls.verify-peer' is true.");

    public static final ConfigOption<Boolean> TLS_VERIFY_PEER =
            ConfigOptions.key("tls.verify-peer")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "YOMO_TLS_VERIFY_PEER: listen mode demands client certificates (mutual TLS);"
                                    + " connect mode verifies the zipper's certificate. Without any tls.* option the"
                                    + " YOMO_TLS_* environment of the task manager applies.");

    public static final ConfigOption<MemorySize> MAX_FRAME_SIZE =
            ConfigOptions.key("max-frame-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse(ListenerOptions.DEFAULT_MAX_FRAME_SIZE + "b"))
                    .withDescription(
                            "Largest frame accepted; a longer one closes its connection with a reason.");

    public static final ConfigOption<Integer> MAX_CONNECTIONS =
            ConfigOptions.key("scan.max-connections")
                    .intType()
                    .defaultValue(1024)
                    .withDescription(
                            "Listen mode: most authenticated client connections per subtask (those whose"
                                    + " handshake was accepted; connections awaiting theirs count under"
                                    + " 'scan.max-pending-connections').")
                    .withFallbackKeys("max-connections");

    public static final ConfigOption<Integer> MAX_PENDING_CONNECTIONS =
            ConfigOptions.key("scan.max-pending-connections")
                    .intType()
                    .defaultValue(ListenerOptions.DEFAULT_MAX_PENDING_CONNECTIONS)
                    .withDescription(
                            "Listen mode: most connections per subtask awaiting their handshake, apart"
                                    + " from 'scan.max-connections', so connections that never authenticate cannot"
                                    + " take the places of devices that do. A device is pending for about one"
                                    + " round trip; beyond the limit a connection is closed with a reason.")
                    .withFallbackKeys("max-pending-connections");

    public static final ConfigOption<Duration> RETRY_TOKEN_LIFETIME =
            ConfigOptions.key("scan.retry-token-lifetime")
                    .durationType()
                    .defaultValue(ListenerOptions.DEFAULT_RETRY_TOKEN_LIFETIME)
                    .withDescription(
                            "Listen mode: how long the QUIC Retry token a device is given opens a connection. A"
                                    + " dial whose token is older is dropped before any TLS work and the device"
                                    + " redials; a few seconds sheds the dials a reconnect storm left queued after their"
                                    + " devices gave up (see the README's sizing for many devices).")
                    .withFallbackKeys("retry-token-lifetime");

    public static final ConfigOption<Integer> MAX_CONNECTIONS_PER_ADDRESS =
            ConfigOptions.key("scan.max-connections-per-address")
                    .intType()
                    .defaultValue(ListenerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS)
                    .withDescription(
                            "Listen mode: most connections (pending and authenticated) per subtask from"
                                    + " one IP address; many devices behind one NAT still fit the default,"
                                    + " one flooding host cannot take all pending places. 0 turns it off.")
                    .withFallbackKeys("max-connections-per-address");

    public static final ConfigOption<MemorySize> MAX_HANDSHAKE_SIZE =
            ConfigOptions.key("scan.max-handshake-size")
                    .memoryType()
                    .defaultValue(
                            MemorySize.parse(ListenerOptions.DEFAULT_MAX_HANDSHAKE_SIZE + "b"))
                    .withDescription(
                            "Listen mode: largest first (handshake) frame, refused from its length"
                                    + " header before its body arrives. The default fits a source handshake"
                                    + " with a 255-byte name and target and a 3 KiB token.")
                    .withFallbackKeys("max-handshake-size");

    public static final ConfigOption<SecurityProfile> SECURITY_PROFILE =
            ConfigOptions.key("security.profile")
                    .enumType(SecurityProfile.class)
                    .defaultValue(SecurityProfile.DEFAULT)
                    .withDescription(
                            "Listen mode: 'default' starts a listener without 'auth.token', with a"
                                    + " self-signed certificate or accepting the 2021 protocol and logs one"
                                    + " WARN naming each; 'strict' refuses to start it (the job fails naming"
                                    + " each). Strict needs 'auth.token', 'tls.cert-file'/'tls.key-file' (or"
                                    + " YOMO_TLS_CERT_FILE/YOMO_TLS_KEY_FILE) and 'scan.protocol-generations' = 'final'.");

    public static final ConfigOption<List<String>> PROTOCOL_GENERATIONS =
            ConfigOptions.key("scan.protocol-generations")
                    .stringType()
                    .asList()
                    .defaultValues("final", "2021")
                    .withDescription(
                            "Listen mode: the YoMo protocol generations accepted, 'final' (yomo v1.18.10"
                                    + " to v1.22.3) and/or '2021' (yomo v1.5.x, whose handshake carries no"
                                    + " credentials), separated by ';'.")
                    .withFallbackKeys("protocol-generations");

    public static final ConfigOption<MemorySize> MEMORY_BUDGET =
            ConfigOptions.key("scan.memory-budget")
                    .memoryType()
                    .defaultValue(new MemorySize(ListenerOptions.DEFAULT_MEMORY_BUDGET))
                    .withDescription(
                            "Listen mode: the memory a subtask's listener may hold in all (its queue, frame buffers"
                                    + " and QUIC flow-control credit), so no mix of slow, paused or hostile clients grows it"
                                    + " further. Each connection's stream window is derived from it (about 109 KiB for 1,024 + 256"
                                    + " connections); a budget too small for 'scan.max-connections' is refused with the numbers.")
                    .withFallbackKeys("memory-budget");

    public static final ConfigOption<Duration> FRAME_TIMEOUT =
            ConfigOptions.key("scan.frame-timeout")
                    .durationType()
                    .defaultValue(ListenerOptions.DEFAULT_FRAME_TIMEOUT)
                    .withDescription(
                            "Listen mode: how long a frame larger than 64 KiB may take to arrive once its header"
                                    + " has; a client that stalls mid-frame is closed and the frame's memory given back.")
                    .withFallbackKeys("frame-timeout");

    public static final ConfigOption<Integer> QUEUE_CAPACITY =
            ConfigOptions.key("scan.queue-capacity")
                    .intType()
                    .defaultValue(AbstractYomoSourceBuilder.DEFAULT_QUEUE_CAPACITY)
                    .withDescription(
                            "Source tables: most frames buffered per subtask between the network and Flink; when full"
                                    + " (or 'scan.queue-max-bytes' is reached), reading stops and QUIC flow control pushes back on the"
                                    + " clients (or the zipper).")
                    .withFallbackKeys("queue-capacity");

    public static final ConfigOption<Duration> FETCH_LINGER =
            ConfigOptions.key("scan.fetch-linger")
                    .durationType()
                    .defaultValue(AbstractYomoSourceBuilder.DEFAULT_FETCH_LINGER)
                    .withDescription(
                            "Source tables: how long the reader waits for more frames when it finds several"
                                    + " (8 to 511) waiting while they arrive at 100k frames/s or more, so a high rate reaches the"
                                    + " task in fewer, larger batches; at lower rates frames go at once. 0 turns it off.")
                    .withFallbackKeys("fetch-linger");

    public static final ConfigOption<MemorySize> QUEUE_MAX_BYTES =
            ConfigOptions.key("scan.queue-max-bytes")
                    .memoryType()
                    .defaultValue(new MemorySize(AbstractYomoSourceBuilder.DEFAULT_QUEUE_MAX_BYTES))
                    .withDescription(
                            "Source tables: most bytes of frames (payload, metadata and overhead) buffered per"
                                    + " subtask, whatever 'scan.queue-capacity' allows, so large frames cannot fill the heap; below half"
                                    + " of it, any frame is taken.")
                    .withFallbackKeys("queue-max-bytes");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("idle-timeout")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "QUIC idle timeout. Default as YoMo: 5 s when listening, 40 s when connecting.");

    public static final ConfigOption<Duration> HANDSHAKE_TIMEOUT =
            ConfigOptions.key("handshake-timeout")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Time a client has to send its handshake (listen, default 3 s) or the zipper to"
                                    + " answer it (connect, default 10 s).");

    public static final ConfigOption<DecodeErrorPolicy> SCAN_DECODE_ERRORS =
            ConfigOptions.key("scan.decode-errors")
                    .enumType(DecodeErrorPolicy.class)
                    .defaultValue(DecodeErrorPolicy.SKIP)
                    .withDescription(
                            "What a source table does with a frame whose payload the format"
                                    + " refuses: 'skip' (default: devices are untrusted and one"
                                    + " sending garbage must not stop the others), 'fail' or"
                                    + " 'dead-letter' (a row with null physical columns and the"
                                    + " error in the 'decode_error' metadata column). Counted in"
                                    + " numRecordsInErrors either way.");

    public static final ConfigOption<AcknowledgementMode> SCAN_ACKNOWLEDGEMENTS =
            ConfigOptions.key("scan.acknowledgements")
                    .enumType(AcknowledgementMode.class)
                    .defaultValue(AcknowledgementMode.NONE)
                    .withDescription(
                            "Listen mode: whether devices that ask for the acknowledgement extension"
                                    + " (yomo-java/ACKS.md) get it. 'on-checkpoint' keeps each device's"
                                    + " position in the checkpoint, drops resent duplicates and acknowledges"
                                    + " when a checkpoint completes, so each frame reaches Flink's state once;"
                                    + " it needs checkpointing. 'none' (default) answers as a stock zipper.");

    public static final ConfigOption<Duration> SCAN_ACKNOWLEDGEMENTS_PRODUCER_TTL =
            ConfigOptions.key("scan.acknowledgements.producer-ttl")
                    .durationType()
                    .defaultValue(AcknowledgementSettings.DEFAULT_PRODUCER_TTL)
                    .withDescription(
                            "How long a silent acknowledging device keeps its position in the state;"
                                    + " one silent for longer starts over as unknown.");

    public static final ConfigOption<Boolean> SCAN_WATERMARK_PER_DEVICE =
            ConfigOptions.key("scan.watermark.per-device")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Source tables: each device (client id, else client name; 'yomo-source-id' for frames"
                                    + " an upstream zipper forwards) gets its own watermark from the WATERMARK clause, idleness"
                                    + " ('scan.watermark.idle-timeout') included, and a subtask's watermark is the minimum over"
                                    + " its active devices, so a device whose clock is behind holds the watermark back instead"
                                    + " of having its rows dropped as late. 'false': one watermark per subtask.");

    public static final ConfigOption<Integer> SCAN_WATERMARK_PER_DEVICE_MAX_DEVICES =
            ConfigOptions.key("scan.watermark.per-device.max-devices")
                    .intType()
                    .defaultValue(DeviceWatermarkSettings.DEFAULT_MAX_DEVICES)
                    .withDescription(
                            "Source tables: most devices with their own watermark per subtask; the rows of further"
                                    + " devices share one watermark (counted in yomo.numRecordsOverDeviceCap, logged) until"
                                    + " silent devices are released.");

    public static final ConfigOption<Duration> SCAN_WATERMARK_PER_DEVICE_RETENTION =
            ConfigOptions.key("scan.watermark.per-device.retention")
                    .durationType()
                    .defaultValue(DeviceWatermarkSettings.DEFAULT_RETENTION)
                    .withDescription(
                            "Source tables: how long a device's watermark outlives its last frame before it is"
                                    + " released (stops holding the watermark back, memory freed). 'scan.watermark.idle-timeout'"
                                    + " takes a silent device out of the minimum earlier.");

    public static final ConfigOption<String> SINK_TAG =
            ConfigOptions.key("sink.tag")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Data tag of written frames, decimal or 0x-hex (e.g. '0x34'), unless the row's writable 'tag' metadata column is"
                                    + " not null. One of the two is required.");

    public static final ConfigOption<String> SINK_TARGET =
            ConfigOptions.key("sink.target")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "'yomo-target' of written frames (only stream functions with this wanted target get them).");

    public static final ConfigOption<String> SINK_CLIENT_NAME =
            ConfigOptions.key("sink.client-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Handshake name of the sink's connections; default: the table name.");

    public static final ConfigOption<Duration> SINK_WRITE_TIMEOUT =
            ConfigOptions.key("sink.write-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "How long a write may wait for the connection or for flow-control credit before the job fails.");

    public static final ConfigOption<OutagePolicy> SINK_OUTAGE_POLICY =
            ConfigOptions.key("sink.outage-policy")
                    .enumType(OutagePolicy.class)
                    .defaultValue(OutagePolicy.BLOCK)
                    .withDescription(
                            "What a write does while the zipper is unreachable: 'BLOCK' waits up to"
                                    + " 'sink.write-timeout', then fails the job; 'DROP' drops and counts"
                                    + " the row (numRecordsSendErrors) and the job keeps running.");

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE =
            ConfigOptions.key("sink.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.NONE)
                    .withDescription(
                            "'none' (default): at-most-once, as YoMo's own sources. 'at-least-once':"
                                    + " the receiver must grant the acknowledgement extension (a flink-yomo"
                                    + " listener with 'scan.acknowledgements' = 'on-checkpoint'; a stock zipper"
                                    + " fails the job at connect); each subtask writes as producer"
                                    + " '<sink.client-name>-<subtask>', keeps and resends what the receiver has"
                                    + " not acknowledged, and each checkpoint waits (at most 'sink.write-timeout')"
                                    + " until the receiver acknowledged everything written before it, which takes"
                                    + " up to the receiving job's checkpoint interval. A failover can duplicate"
                                    + " rows written after the last checkpoint. Not with 'sink.outage-policy' ="
                                    + " 'DROP'; 'exactly-once' is refused.");

    public static final ConfigOption<Integer> SINK_BUFFER_FLUSH_MAX_ROWS =
            ConfigOptions.key("sink.buffer-flush.max-rows")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Frames written before the connection is flushed; 1 (default) flushes every frame.")
                    .withFallbackKeys("sink.batch.max-frames");

    public static final ConfigOption<Duration> SINK_BUFFER_FLUSH_INTERVAL =
            ConfigOptions.key("sink.buffer-flush.interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription(
                            "With 'sink.buffer-flush.max-rows' > 1: longest time a frame waits unflushed.")
                    .withFallbackKeys("sink.batch.max-delay");

    private YomoConnectorOptions() {}
}
