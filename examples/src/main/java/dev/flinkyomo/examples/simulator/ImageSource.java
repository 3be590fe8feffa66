package dev.flinkyomo.examples.simulator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** A camera sending generated raw RGB frames ({@link RgbFrame}, {@link ImageGenerator}). */
@Command(name = "image-source", mixinStandardHelpOptions = true,
        description = "Sends generated raw RGB frames: u32 LE width, u32 LE height, width*height*3 RGB bytes.")
public final class ImageSource implements Callable<Integer> {

    /** The tag the image Wasm function (frame_stats) observes. */
    public static final long FRAME_TAG = 0x40;

    @Spec
    CommandSpec spec;

    @Mixin
    SimulatorCli.Connection connection;

    @Mixin
    SimulatorCli.Pacing pacing;

    @Option(names = "--name", defaultValue = "image-source", description = "Source name (default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--tag", defaultValue = "0x40", converter = SimulatorCli.TagConverter.class,
            description = "Data tag (default ${DEFAULT-VALUE}, what the frame_stats function observes)")
    long tag;

    @Option(names = "--width", defaultValue = "160", description = "Frame width in pixels, 1..4096 (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "120", description = "Frame height in pixels, 1..4096 (default ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--interval", defaultValue = "40ms", converter = SimulatorCli.DurationConverter.class,
            description = "Time between frames (default ${DEFAULT-VALUE}, 25 fps)")
    Duration interval;

    @Override
    public Integer call() throws Exception {
        SimulatedSource source = SimulatorCli.apply(
                SimulatedSource.builder(name, tag, new ImageGenerator(width, height)), connection, pacing, interval).build();
        return SimulatorCli.run(source, spec);
    }

    public static void main(String[] args) {
        System.exit(SimulatorCli.execute(new ImageSource(), args));
    }
}
