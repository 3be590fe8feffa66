package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.logging.LogThrottle;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ConnectionInfo;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One watermark output per device, the way a FLIP-27 reader has one per split: each device's
 * records go through its own {@link SourceOutput} from {@link ReaderOutput#createOutputForSplit},
 * so the strategy's generator (and idleness) runs per device and the source's watermark is the
 * minimum over the active devices. A device is the client id of a directly connected source (its
 * name when it has no id) or, for frames an upstream zipper forwards (or a zipper sends a stream
 * function), the {@code yomo-source-id} metadata.
 *
 * <p>Output ids are {@code <split id>/device/<device>} (printable, at most {@value #MAX_KEY} chars
 * of the device), a namespace apart from split ids. The split's own output is released once the
 * first record goes to a device output: it would never see a record again, and an output that never
 * emits holds the combined watermark at {@code Long.MIN_VALUE}.
 *
 * <p>Bounded: at most {@code maxDevices} outputs; the records of further devices, and of frames
 * naming no device, go through one shared output ({@code <split id>/devices-shared}) whose
 * watermark they drive together (counted in {@code yomo.numRecordsOverDeviceCap}, logged at most
 * every 10 s). An output whose device sent nothing for {@code retention} is released, so no
 * per-device state outlives the device by more than that.
 *
 * <p>Flink 2.3 accepts output ids that were never assigned splits: the source operator registers a
 * split's watermark bookkeeping on the first idleness or watermark update of its output (every
 * watermark update marks the output active first) and drops it on release. Split pause requests for
 * device ids (watermark alignment) are filtered out by {@link YomoSourceReader}. Task thread only.
 */
@Internal
public final class DeviceOutputs<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceOutputs.class);

    static final int MAX_KEY = 64;
    static final String DEVICE = "/device/";
    static final String SHARED = "/devices-shared";
    private static final long SWEEP_INTERVAL_MILLIS = 1_000;

    private final int maxDevices;
    private final long retentionMillis;
    private final String source;
    private final Map<String, Device<T>> devices = new HashMap<>();
    private final Map<String, Device<T>> shared = new HashMap<>();
    private final Set<String> releasedSplitOutputs = new HashSet<>();
    private final Counter overCap;
    private final Counter released;
    private final LogThrottle overCapLog = new LogThrottle(10_000_000_000L);
    private ReaderOutput<T> readerOutput;
    private ConnectionInfo lastConnection;
    private Device<T> lastDevice;
    private long nextSweepMillis = Long.MIN_VALUE;

    /**
     * @param group the reader's {@code yomo} metric group
     * @param source the source's name in messages
     */
    public DeviceOutputs(DeviceWatermarkSettings settings, MetricGroup group, String source) {
        this.maxDevices = settings.maxDevices();
        this.retentionMillis = settings.retention().toMillis();
        this.source = source;
        group.gauge("watermarkDevices", devices::size);
        this.overCap = group.counter("numRecordsOverDeviceCap");
        this.released = group.counter("watermarkDevicesReleased");
    }

    /** The reader's output, from {@link YomoSourceReader#pollNext}; the same for a task's life. */
    void bind(ReaderOutput<T> output) {
        this.readerOutput = output;
    }

    /** Whether {@code id} is one of the output ids this class makes (not a split). */
    static boolean isDeviceOutput(String id) {
        return id.contains(DEVICE) || id.endsWith(SHARED);
    }

    /**
     * The output for {@code frame}'s device; {@code splitOutput} until a reader output is bound.
     */
    SourceOutput<T> outputFor(
            InboundFrame frame, YomoRecord record, SourceOutput<T> splitOutput, String splitId) {
        ReaderOutput<T> reader = readerOutput;
        if (reader == null) {
            return splitOutput;
        }
        long now = frame.receivedAtMillis();
        ConnectionInfo connection = frame.connection();
        Device<T> device;
        if (connection == lastConnection && lastDevice.live) {
            device = lastDevice;
        } else {
            if (releasedSplitOutputs.add(splitId)) {
                // Flink made it when the split was added; no record goes through it from now on
                reader.releaseOutputForSplit(splitId);
            }
            if (now >= nextSweepMillis) {
                sweep(now);
            }
            String key = deviceKey(connection, record);
            device = key == null ? null : devices.get(key);
            if (device == null && key != null) {
                device = newDevice(splitId, key);
            }
            if (device == null) {
                // over the cap (counted and logged) or naming no device: not cached, so a device
                // over the cap gets its own output as soon as the sweep made room
                device = sharedOutput(splitId);
                device.lastSeenMillis = now;
                lastConnection = null;
                return device.output;
            }
            if (connection.clientType() == ClientType.SOURCE.code()) {
                // a direct source's device is its connection's: the next frames skip the lookup
                lastConnection = connection;
                lastDevice = device;
            } else {
                lastConnection = null;
                lastDevice = null;
            }
        }
        device.lastSeenMillis = now;
        return device.output;
    }

    /**
     * The client id of a directly connected source, else its name; for frames forwarded by a
     * zipper, the {@code yomo-source-id} (read from the wire metadata without decoding the rest),
     * else the connection's. Null when nothing names a device.
     */
    static String deviceKey(ConnectionInfo connection, YomoRecord record) {
        if (connection.clientType() != ClientType.SOURCE.code()) {
            String sourceId = record.sourceId();
            if (sourceId != null && !sourceId.isEmpty()) {
                return sourceId;
            }
        }
        String id = connection.clientId();
        if (id != null && !id.isEmpty()) {
            return id;
        }
        String name = connection.clientName();
        return name != null && !name.isEmpty() ? name : null;
    }

    private Device<T> newDevice(String splitId, String key) {
        if (devices.size() >= maxDevices) {
            overCap.inc();
            long skipped = overCapLog.admit();
            if (skipped >= 0) {
                LOG.warn(
                        "YoMo source {}: {} devices have their own watermark, the most per subtask"
                                + " ('scan.watermark.per-device.max-devices'); the records of"
                                + " device {} share one watermark with the other devices past"
                                + " the cap ({} more such records since the last such line)",
                        source,
                        devices.size(),
                        LogSafe.quote(key, MAX_KEY),
                        skipped);
            }
            return null;
        }
        String id = splitId + DEVICE + outputKey(key);
        Device<T> device = new Device<>(id, readerOutput.createOutputForSplit(id));
        devices.put(key, device);
        return device;
    }

    private Device<T> sharedOutput(String splitId) {
        Device<T> device = shared.get(splitId);
        if (device == null) {
            String id = splitId + SHARED;
            device = new Device<>(id, readerOutput.createOutputForSplit(id));
            shared.put(splitId, device);
        }
        return device;
    }

    /** Releases the outputs of devices silent for longer than the retention. */
    void sweep(long nowMillis) {
        nextSweepMillis = nowMillis + SWEEP_INTERVAL_MILLIS;
        long horizon = nowMillis - retentionMillis;
        sweep(devices, horizon);
        sweep(shared, horizon);
    }

    private void sweep(Map<String, Device<T>> outputs, long horizon) {
        for (Iterator<Device<T>> it = outputs.values().iterator(); it.hasNext(); ) {
            Device<T> device = it.next();
            if (device.lastSeenMillis < horizon) {
                it.remove();
                device.live = false;
                readerOutput.releaseOutputForSplit(device.outputId);
                released.inc();
            }
        }
    }

    int size() {
        return devices.size();
    }

    /**
     * {@code key} as part of an output id: control and invisible characters escaped ({@link
     * LogSafe}), and a long key cut with its hash appended so that two long keys sharing a prefix
     * stay apart.
     */
    static String outputKey(String key) {
        String printable = LogSafe.escape(key, Integer.MAX_VALUE);
        if (printable.length() <= MAX_KEY) {
            return printable;
        }
        return printable.substring(0, MAX_KEY - 9) + "~" + String.format("%08x", key.hashCode());
    }

    private static final class Device<T> {
        final String outputId;
        final SourceOutput<T> output;
        long lastSeenMillis;
        boolean live = true;

        Device(String outputId, SourceOutput<T> output) {
            this.outputId = outputId;
            this.output = output;
        }
    }
}
