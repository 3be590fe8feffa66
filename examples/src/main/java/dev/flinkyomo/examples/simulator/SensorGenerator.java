package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;

import java.util.Random;

/**
 * Readings of one sensor as Y3 records ({@link SensorY3}): a slow sine drift over 60 readings plus
 * seeded jitter, rounded to 0.01 so they print cleanly, always within the kind's amplitude.
 */
public final class SensorGenerator implements PayloadGenerator {

    private static final int PERIOD = 60;

    private final SensorKind kind;
    private final String sensorId;
    private final Random random;
    private final Y3Writer writer = new Y3Writer(IntegerEncoding.NVARINT);

    public SensorGenerator(SensorKind kind, String sensorId, long seed) {
        this.kind = kind;
        this.sensorId = sensorId;
        this.random = new Random(seed);
    }

    /** The reading for frame {@code seq}; consumes one random draw. */
    double value(long seq) {
        double drift = Math.sin(2 * Math.PI * (seq % PERIOD) / PERIOD) * 0.7;
        double jitter = (random.nextDouble() * 2 - 1) * 0.3;
        return Math.round((kind.base() + kind.amplitude() * (drift + jitter)) * 100) / 100.0;
    }

    @Override
    public byte[] payload(long seq, long nowMillis) {
        return SensorY3.encode(writer, sensorId, value(seq), nowMillis);
    }
}
