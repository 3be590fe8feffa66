package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Duration;

/**
 * Per-device watermarks of a source subtask (see {@link DeviceOutputs}).
 *
 * @param enabled whether each device gets its own watermark output; false: one per split, whatever
 *     number of devices share it (the behaviour before per-device watermarks)
 * @param maxDevices most devices with their own output per subtask; the frames of any further
 *     device share one output, whose watermark all of them drive together
 * @param retention how long a device's output outlives the device's last frame before it is
 *     released (its watermark stops counting and its memory is freed); a device that sends again is
 *     counted again with a fresh watermark
 */
@Internal
public record DeviceWatermarkSettings(boolean enabled, int maxDevices, Duration retention)
        implements Serializable {

    public static final int DEFAULT_MAX_DEVICES = 1024;
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(5);

    public static final DeviceWatermarkSettings DEFAULT =
            new DeviceWatermarkSettings(true, DEFAULT_MAX_DEVICES, DEFAULT_RETENTION);

    public DeviceWatermarkSettings {
        if (maxDevices < 1) {
            throw new IllegalArgumentException(
                    "most devices with their own watermark must be positive, got " + maxDevices);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(
                    "device watermark retention must be positive, got " + retention);
        }
    }
}
