package dev.flinkyomo.examples.simulator;

import java.time.Duration;

/**
 * The two edge sensors of the join example. Each kind has its own YoMo tag and rate, as the sources
 * of YoMo's multi-data-source example do (tags 0x11/0x12 there, every 200 ms).
 */
public enum SensorKind {
    /** Degrees Celsius around 22 with a slow drift; a reading every 200 ms on tag 0x21. */
    TEMPERATURE(0x21, Duration.ofMillis(200), 22.0, 3.0),
    /** Relative humidity in percent around 55; a reading every 500 ms on tag 0x22. */
    HUMIDITY(0x22, Duration.ofMillis(500), 55.0, 10.0);

    private final long tag;
    private final Duration interval;
    private final double base;
    private final double amplitude;

    SensorKind(long tag, Duration interval, double base, double amplitude) {
        this.tag = tag;
        this.interval = interval;
        this.base = base;
        this.amplitude = amplitude;
    }

    public long tag() {
        return tag;
    }

    public Duration defaultInterval() {
        return interval;
    }

    /** Centre of the readings. */
    public double base() {
        return base;
    }

    /** Readings stay within base +- amplitude. */
    public double amplitude() {
        return amplitude;
    }
}
