package dev.flinkyomo.examples.join;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.common.EmbeddedExample;
import dev.flinkyomo.examples.simulator.SensorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sensors on their own tags and rates -> QUIC -> 'yomo' table -> Flink SQL interval join ->
 * 'yomo' sink table -> QUIC -> a zipper, which decodes the Y3 pairs. The sensors' clocks are fixed
 * (reading i of a kind is taken at T0 + i * its interval), so the exact set of pairs is known:
 * humidity j pairs with temperature i when |200 i - 500 j| <= 100 ms ({@link FixedClockSensors}).
 */
class SensorJoinExampleITCase {

    private static final long T0 = 1_800_000_000_000L;
    private static final int TEMPERATURES = 25;
    private static final int HUMIDITIES = 10;

    private static final FixedClockSensors SENSORS = new FixedClockSensors("lab", T0, 40);

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
        List<String> expected = SENSORS.expectedPairs(TEMPERATURES, HUMIDITIES);
        assertThat(expected).hasSize(15); // 5 even j with one partner, 5 odd j with two
        assertThat(report.joined()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static EmbeddedExample.Device sensor(SensorKind kind, int count) {
        return new EmbeddedExample.Device(
                kind.name(),
                (address, left) ->
                        SENSORS.sensor(kind, count)
                                .endpoint(address.getHostString(), address.getPort())
                                .build());
    }
}
