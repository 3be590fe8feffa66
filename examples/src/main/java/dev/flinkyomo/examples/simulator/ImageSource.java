package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.cli.CliConverters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** A camera sending generated raw RGB frames ({@link RgbFrame}, {@link ImageGenerator}). */
@Command(
        name = "image-source",
        mixinStandardHelpOptions = true,
        description =
                "Sends generated raw RGB frames: u32 LE width, u32 LE height, width*height*3 RGB bytes.")
public final class ImageSource extends SimulatorCommand {

    /** The tag the image Wasm function (frame_stats) observes. */
    public static final long FRAME_TAG = 0x40;

    @Option(
            names = "--name",
            defaultValue = "image-source",
            description = "Source name (default ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = "--tag",
            defaultValue = "0x40",
            converter = CliConverters.TagConverter.class,
            description =
                    "Data tag (default ${DEFAULT-VALUE}, what the frame_stats function observes)")
    long tag;

    @Option(
            names = "--width",
            defaultValue = "160",
            description = "Frame width in pixels, 1..4096 (default ${DEFAULT-VALUE})")
    int width;

    @Option(
            names = "--height",
            defaultValue = "120",
            description = "Frame height in pixels, 1..4096 (default ${DEFAULT-VALUE})")
    int height;

    @Option(
            names = "--interval",
            defaultValue = "40ms",
            converter = CliConverters.DurationConverter.class,
            description = "Time between frames (default ${DEFAULT-VALUE}, 25 fps)")
    Duration interval;

    @Override
    SimulatedSource.Builder device() {
        return SimulatedSource.builder(name, tag, new ImageGenerator(width, height))
                .interval(interval);
    }

    public static void main(String[] args) {
        main(new ImageSource(), args);
    }
}
