package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.cli.CliConverters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;

/** An edge sensor sending Y3 readings ({@link SensorY3}): temperature on 0x21, humidity on 0x22. */
@Command(
        name = "sensor-source",
        mixinStandardHelpOptions = true,
        description =
                "Sends Y3 sensor readings: node 0x10 {0x11 sensor id, 0x12 value float64, 0x13 time int64 ms}."
                        + " temperature: tag 0x21 every 200 ms; humidity: tag 0x22 every 500 ms.")
public final class SensorSource extends SimulatorCommand {

    @Option(names = "--kind", required = true, description = "temperature or humidity")
    SensorKind kind;

    @Option(
            names = "--sensor-id",
            defaultValue = "room-1",
            description =
                    "Sensor id written into each reading (key 0x11); readings of one place join on it (default ${DEFAULT-VALUE})")
    String sensorId;

    @Option(names = "--name", description = "Source name (default <kind>-source)")
    String name;

    @Option(
            names = "--tag",
            converter = CliConverters.TagConverter.class,
            description = "Data tag (default: the kind's)")
    Long tag;

    @Option(
            names = "--interval",
            converter = CliConverters.DurationConverter.class,
            description = "Time between readings (default: the kind's)")
    Duration interval;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Random seed of the jitter (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    SimulatedSource.Builder device() {
        String sourceName = name != null ? name : kind.name().toLowerCase(Locale.ROOT) + "-source";
        return SimulatedSource.builder(
                        sourceName,
                        tag != null ? tag : kind.tag(),
                        new SensorGenerator(kind, sensorId, seed))
                .interval(interval != null ? interval : kind.defaultInterval());
    }

    public static void main(String[] args) {
        main(new SensorSource(), args);
    }
}
