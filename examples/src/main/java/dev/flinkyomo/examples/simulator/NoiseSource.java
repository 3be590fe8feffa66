package dev.flinkyomo.examples.simulator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** A YoMo noise sensor: {@code {"noise": float, "time": ms, "from": name}} on tag 0x33, every 100 ms. */
@Command(name = "noise-source", mixinStandardHelpOptions = true,
        description = "Sends YoMo's noise JSON {\"noise\":<0..200>,\"time\":<epoch ms>,\"from\":<name>} to a zipper.")
public final class NoiseSource implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SimulatorCli.Connection connection;

    @Mixin
    SimulatorCli.Pacing pacing;

    @Option(names = "--name", defaultValue = "yomo-source", description = "Source name; also the JSON 'from' (default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--tag", defaultValue = "0x33", converter = SimulatorCli.TagConverter.class,
            description = "Data tag (default ${DEFAULT-VALUE}, YoMo's noise tag)")
    long tag;

    @Option(names = "--interval", defaultValue = "100ms", converter = SimulatorCli.DurationConverter.class,
            description = "Time between readings (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the noise levels (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        SimulatedSource source = SimulatorCli.apply(
                SimulatedSource.builder(name, tag, new NoiseGenerator(seed, name)), connection, pacing, interval).build();
        return SimulatorCli.run(source, spec);
    }

    public static void main(String[] args) {
        System.exit(SimulatorCli.execute(new NoiseSource(), args));
    }
}
