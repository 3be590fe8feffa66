package dev.flinkyomo.examples.join;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.common.EmbeddedExample;
import dev.flinkyomo.examples.simulator.SensorGenerator;
import dev.flinkyomo.examples.simulator.SensorKind;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import dev.flinkyomo.formats.y3.Y3Key;
import dev.flinkyomo.formats.y3.Y3PojoDeserializationSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sensors on their own tags and rates -> QUIC -> 'yomo' table -> Flink SQL interval join ->
 * 'yomo' sink table -> QUIC -> a zipper, which decodes the Y3 pairs. The sensors' clocks are fixed
 * (reading i of a kind is taken at T0 + i * its interval), so the exact set of pairs is known:
 * humidity j pairs with temperature i when |200 i - 500 j| <= 100 ms.
 */
class SensorJoinExampleITCase {

    private static final long T0 = 1_800_000_000_000L;
    private static final int TEMPERATURES = 25;
    private static final int HUMIDITIES = 10;

    @TempDir Path out;

    @Test
    void sqlIntervalJoinPairsReadingsOfTheSameSensorWithin100Ms() throws Exception {
        StringWriter log = new StringWriter();
        SensorJoinExample.Settings s =
                new SensorJoinExample.Settings(Duration.ofSeconds(10), "lab", 0, out, "0");
        List<EmbeddedExample.Device> sensors =
                List.of(
                        sensor(SensorKind.TEMPERATURE, TEMPERATURES),
                        sensor(SensorKind.HUMIDITY, HUMIDITIES));

        SensorJoinExample.Report report =
                SensorJoinExample.run(s, new PrintWriter(log, true), sensors);

        assertThat(report.outcome()).as(log.toString()).isEqualTo(EmbeddedRunner.Outcome.STOPPED);
        assertThat(report.sent()).containsExactly((long) TEMPERATURES, (long) HUMIDITIES);
        List<String> expected = expectedPairs();
        assertThat(expected).hasSize(15); // 5 even j with one partner, 5 odd j with two
        assertThat(report.joined()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Each kind at its real rate (so event time and arrival stay in step) on a fixed clock. */
    private static EmbeddedExample.Device sensor(SensorKind kind, int count) {
        return new EmbeddedExample.Device(
                kind.name(),
                (address, left) -> {
                    AtomicLong clock = new AtomicLong(T0);
                    return SimulatedSource.builder(
                                    kind + "-sensor",
                                    kind.tag(),
                                    new SensorGenerator(kind, "lab", seed(kind)))
                            .endpoint(address.getHostString(), address.getPort())
                            .interval(kind.defaultInterval())
                            .count(count)
                            .clock(() -> clock.getAndAdd(kind.defaultInterval().toMillis()))
                            .build();
                });
    }

    private static long seed(SensorKind kind) {
        return 40 + kind.ordinal();
    }

    private static List<String> expectedPairs() throws Exception {
        double[] t = values(SensorKind.TEMPERATURE, TEMPERATURES);
        double[] h = values(SensorKind.HUMIDITY, HUMIDITIES);
        List<String> pairs = new ArrayList<>();
        for (int j = 0; j < h.length; j++) {
            for (int i = 0; i < t.length; i++) {
                long skew = 200L * i - 500L * j;
                if (Math.abs(skew) <= 100) {
                    pairs.add(new JoinedReading("lab", t[i], h[j], T0 + 500L * j, skew).toString());
                }
            }
        }
        return pairs;
    }

    /** The values a kind's sensor sends, replayed from its seed and decoded as the job does. */
    private static double[] values(SensorKind kind, int n) throws Exception {
        SensorGenerator replay = new SensorGenerator(kind, "lab", seed(kind));
        Y3PojoDeserializationSchema<Reading> y3 = Y3PojoDeserializationSchema.of(Reading.class);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = y3.deserialize(replay.payload(i, T0)).val;
        }
        return v;
    }

    /** The sensor layout, read the way the job's y3 table reads it. */
    public static class Reading {
        @Y3Key(0x12)
        public double val;
    }
}
