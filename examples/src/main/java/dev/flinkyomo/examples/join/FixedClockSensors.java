package dev.flinkyomo.examples.join;

import dev.flinkyomo.examples.simulator.SensorGenerator;
import dev.flinkyomo.examples.simulator.SensorKind;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import dev.flinkyomo.formats.y3.Y3Key;
import dev.flinkyomo.formats.y3.Y3PojoDeserializationSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sensor join with known answers, for its tests (SensorJoinExampleITCase, e2e-tests'
 * SqlClientITCase): each sensor sends at its kind's real rate, so event time and arrival stay in
 * step, but on a fixed clock (reading i of a kind is stamped {@code t0 + i * its interval}); so
 * humidity j pairs with temperature i exactly when their times are within {@link
 * SensorJoinExample#JOIN_BOUND}, and the values are replayed from the sensors' seeds. The sensors
 * report {@code sensorId}; the sensor of kind k is seeded {@code seed + k.ordinal()}.
 */
public record FixedClockSensors(String sensorId, long t0, long seed) {

    /** A sensor of {@code kind} sending {@code count} readings; set its endpoint and build. */
    public SimulatedSource.Builder sensor(SensorKind kind, int count) {
        AtomicLong clock = new AtomicLong(t0);
        long step = kind.defaultInterval().toMillis();
        return SimulatedSource.builder(kind + "-sensor", kind.tag(), generator(kind))
                .interval(kind.defaultInterval())
                .count(count)
                .clock(() -> clock.getAndAdd(step));
    }

    /**
     * The payloads {@link #sensor} sends, in order: reading i stamped {@code t0 + i * interval}, so
     * another sender (the Go peer in e2e-tests) can be the device and the join's answers stay
     * known.
     */
    public List<byte[]> payloads(SensorKind kind, int count) {
        SensorGenerator g = generator(kind);
        long step = kind.defaultInterval().toMillis();
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(g.payload(i, t0 + i * step));
        }
        return out;
    }

    /** The pairs the join writes ({@link JoinedReading#toString()}), for the given counts. */
    public List<String> expectedPairs(int temperatures, int humidities) throws IOException {
        double[] t = values(SensorKind.TEMPERATURE, temperatures);
        double[] h = values(SensorKind.HUMIDITY, humidities);
        long dt = SensorKind.TEMPERATURE.defaultInterval().toMillis();
        long dh = SensorKind.HUMIDITY.defaultInterval().toMillis();
        long bound = SensorJoinExample.JOIN_BOUND.toMillis();
        List<String> pairs = new ArrayList<>();
        for (int j = 0; j < h.length; j++) {
            for (int i = 0; i < t.length; i++) {
                long skew = dt * i - dh * j;
                if (Math.abs(skew) <= bound) {
                    pairs.add(
                            new JoinedReading(sensorId, t[i], h[j], t0 + dh * j, skew).toString());
                }
            }
        }
        return pairs;
    }

    private SensorGenerator generator(SensorKind kind) {
        return new SensorGenerator(kind, sensorId, seed + kind.ordinal());
    }

    /** The values a kind's sensor sends, replayed from its seed and decoded as the job does. */
    private double[] values(SensorKind kind, int n) throws IOException {
        SensorGenerator replay = generator(kind);
        Y3PojoDeserializationSchema<Reading> y3 = Y3PojoDeserializationSchema.of(Reading.class);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = y3.deserialize(replay.payload(i, t0)).val;
        }
        return v;
    }

    /** The sensor layout, read the way the join's y3 tables read it. */
    public static class Reading {
        @Y3Key(0x12)
        public double val;
    }
}
