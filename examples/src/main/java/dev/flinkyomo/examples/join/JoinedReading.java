package dev.flinkyomo.examples.join;

import dev.flinkyomo.formats.y3.Y3Key;

import java.time.Instant;
import java.util.Locale;

/**
 * One humidity reading joined with a temperature reading of the same sensor close in time; what the
 * join writes back to YoMo as Y3 on {@link SensorJoinExample#JOINED_TAG}: node 0x10 {0x11 sensor,
 * 0x12 temperature, 0x13 humidity, 0x14 time (the humidity reading's), 0x15 skew ms}.
 */
public class JoinedReading {

    @Y3Key(0x11)
    public String sensor;

    @Y3Key(0x12)
    public double temperature;

    @Y3Key(0x13)
    public double humidity;

    @Y3Key(0x14)
    public long ts;

    /** Temperature time minus humidity time, within the join's bounds. */
    @Y3Key(0x15)
    public long skewMs;

    public JoinedReading() {}

    public JoinedReading(String sensor, double temperature, double humidity, long ts, long skewMs) {
        this.sensor = sensor;
        this.temperature = temperature;
        this.humidity = humidity;
        this.ts = ts;
        this.skewMs = skewMs;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s temperature=%.2f humidity=%.2f at %s (skew %+d ms)",
                sensor,
                temperature,
                humidity,
                Instant.ofEpochMilli(ts),
                skewMs);
    }
}
