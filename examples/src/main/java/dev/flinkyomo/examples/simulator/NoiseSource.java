package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.cli.CliConverters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * A YoMo noise sensor: {@code {"noise": float, "time": ms, "from": name}} on tag 0x33, every 100
 * ms.
 */
@Command(
        name = "noise-source",
        mixinStandardHelpOptions = true,
        description =
                "Sends YoMo's noise JSON {\"noise\":<0..200>,\"time\":<epoch ms>,\"from\":<name>} to a zipper.")
public final class NoiseSource extends SimulatorCommand {

    @Option(
            names = "--name",
            defaultValue = "yomo-source",
            description = "Source name; also the JSON 'from' (default ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = "--tag",
            defaultValue = "0x33",
            converter = CliConverters.TagConverter.class,
            description = "Data tag (default ${DEFAULT-VALUE}, YoMo's noise tag)")
    long tag;

    @Option(
            names = "--interval",
            defaultValue = "100ms",
            converter = CliConverters.DurationConverter.class,
            description = "Time between readings (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Random seed of the noise levels (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    SimulatedSource.Builder device() {
        return SimulatedSource.builder(name, tag, new NoiseGenerator(seed, name))
                .interval(interval);
    }

    public static void main(String[] args) {
        main(new NoiseSource(), args);
    }
}
