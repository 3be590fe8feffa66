package dev.flinkyomo.examples.image;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.job.sink.file.DirectLineFileSink;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.examples.cli.CliConverters;
import dev.flinkyomo.examples.cli.ExampleMain;
import dev.flinkyomo.examples.common.EmbeddedExample;
import dev.flinkyomo.examples.common.JobOptions;
import dev.flinkyomo.examples.simulator.ImageGenerator;
import dev.flinkyomo.examples.simulator.ImageSource;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.yomo.Tag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Image frames through Wasm: a simulated camera sends raw RGB frames to Flink's YoMo listener, the
 * image Wasm function (frame_stats, C) measures brightness and edge density of each frame, and
 * Flink averages those per camera over windows of consecutive frames.
 *
 * <pre>
 * camera --QUIC--> YomoSource --> Wasm frame_stats (0x40 -> 0x41) --> parse --> keyBy camera
 *     --> count window --> averages --> print + file
 * </pre>
 */
@Command(
        name = "image-example",
        mixinStandardHelpOptions = true,
        description =
                "Runs simulated camera frames through the image Wasm function and averages per window.")
public final class ImageExample implements Callable<Integer> {

    @Mixin JobOptions job;

    @Option(
            names = "--interval",
            defaultValue = "40ms",
            converter = CliConverters.DurationConverter.class,
            description = "Time between frames (default ${DEFAULT-VALUE}, 25 fps)")
    Duration interval;

    @Option(
            names = "--frames",
            description = "Stop the camera after this many frames (default: until the end)")
    Long frames;

    @Option(
            names = "--width",
            defaultValue = "160",
            description = "Frame width (default ${DEFAULT-VALUE})")
    int width;

    @Option(
            names = "--height",
            defaultValue = "120",
            description = "Frame height (default ${DEFAULT-VALUE})")
    int height;

    @Option(
            names = "--window",
            defaultValue = "25",
            description = "Frames per averaging window (default ${DEFAULT-VALUE})")
    int window;

    /** One run of the example; see the options for the fields. */
    public record Settings(
            Duration duration,
            Duration interval,
            Long frames,
            int width,
            int height,
            int window,
            int port,
            Path output,
            String restPorts) {
        public Settings {
            EmbeddedExample.checkDuration(duration);
            if (window < 1) {
                throw new IllegalArgumentException(
                        "window must be at least 1 frame, got " + window);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        ImageReport report =
                run(
                        new Settings(
                                job.duration,
                                interval,
                                frames,
                                width,
                                height,
                                window,
                                job.port,
                                job.output("image-example"),
                                job.restPorts),
                        out);
        return EmbeddedExample.report(out, report.outcome(), report.summary(), report.rejected());
    }

    public static ImageReport run(Settings s, PrintWriter out) throws Exception {
        Path windows = s.output().resolve("windows.txt");
        Path rejected = s.output().resolve("rejected.txt");
        Files.deleteIfExists(windows);
        Files.deleteIfExists(rejected);
        String listener = "image-example";

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // the file sinks append directly (flushed on checkpoints and every 200 ms): the report
        // reads them after the job is cancelled, when a committing sink would not yet have
        // committed the lines after its last checkpoint
        env.enableCheckpointing(2_000);
        build(env, listener, s.port(), s.window(), windows, rejected);

        out.println(
                "Flink's YoMo listener is on 0.0.0.0:"
                        + s.port()
                        + "; a simulated camera sends "
                        + s.width()
                        + "x"
                        + s.height()
                        + " RGB frames on tag "
                        + Tag.format(ImageSource.FRAME_TAG)
                        + " every "
                        + s.interval().toMillis()
                        + " ms; averages over "
                        + s.window()
                        + " frames");
        EmbeddedExample.Device camera =
                new EmbeddedExample.Device(
                        "camera",
                        (address, left) -> {
                            SimulatedSource.Builder b =
                                    SimulatedSource.builder(
                                                    "camera-1",
                                                    ImageSource.FRAME_TAG,
                                                    new ImageGenerator(s.width(), s.height()))
                                            .endpoint(address.getHostString(), address.getPort())
                                            .interval(s.interval())
                                            .duration(left);
                            if (s.frames() != null) {
                                b.count(s.frames());
                            }
                            return b.build();
                        });
        EmbeddedExample.Result r =
                EmbeddedExample.run(
                        env,
                        "image example",
                        1,
                        s.duration(),
                        s.restPorts(),
                        out,
                        listener,
                        List.of(camera));
        return ImageReport.read(r.outcome(), r.totalSent(), windows, rejected);
    }

    /** The job: listener, Wasm function, statistics, windows, sinks. */
    static void build(
            StreamExecutionEnvironment env,
            String listener,
            int port,
            int window,
            Path windowFile,
            Path rejectedFile) {
        YomoSource<YomoRecord> source =
                YomoSource.listener()
                        .setListenerName(listener)
                        .setHost("0.0.0.0")
                        .setPort(port)
                        .build();
        DataStream<YomoRecord> frames =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "YoMo cameras")
                        .uid("yomo-cameras");
        SingleOutputStreamOperator<YomoRecord> measured =
                frames.process(
                                WasmStreamFunctionProcessor.builder(
                                                ExampleGuests.load(ExampleGuests.FRAME_STATS))
                                        .build())
                        .name("Wasm: frame_stats")
                        .uid("wasm-frame-stats");
        SingleOutputStreamOperator<FrameStats> stats =
                measured.process(new FrameStatsParser())
                        .name("Parse frame statistics")
                        .uid("parse-stats");

        DataStream<String> failures =
                stats.getSideOutput(FrameStatsParser.REJECTED)
                        .union(
                                measured.getSideOutput(WasmStreamFunctionProcessor.DEAD_LETTERS)
                                        .map(d -> "dead letter: " + d)
                                        .returns(Types.STRING)
                                        .name("Describe dead letters"));
        failures.sinkTo(new DirectLineFileSink(rejectedFile))
                .name("File: rejected frames")
                .uid("sink-rejected");
        failures.print("rejected").name("Print rejected").uid("print-rejected");

        DataStream<String> averages =
                stats.keyBy(FrameStats::getCamera)
                        .countWindow(window)
                        .aggregate(new FrameWindowAverages())
                        .name("Window averages")
                        .uid("window-averages")
                        .map(FrameWindow::toString)
                        .returns(Types.STRING)
                        .name("Format windows");
        averages.print().name("Print windows").uid("print-windows");
        averages.sinkTo(new DirectLineFileSink(windowFile))
                .name("File: windows")
                .uid("sink-windows");
    }

    public static void main(String[] args) {
        System.exit(ExampleMain.execute(new ImageExample(), args));
    }
}
