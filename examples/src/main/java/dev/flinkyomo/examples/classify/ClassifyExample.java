package dev.flinkyomo.examples.classify;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import dev.flinkyomo.bridge.job.sink.file.DirectLineFileSink;
import dev.flinkyomo.examples.cli.CliConverters;
import dev.flinkyomo.examples.cli.ExampleMain;
import dev.flinkyomo.examples.common.EmbeddedExample;
import dev.flinkyomo.examples.common.JobOptions;
import dev.flinkyomo.examples.simulator.DiscFrameGenerator;
import dev.flinkyomo.examples.simulator.ImageSource;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import dev.flinkyomo.yomo.Tag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * YoMo's image-recognition demo on Flink: simulated cameras push 224 x 224 RGB frames over QUIC, a
 * classifier labels each frame inside the job, and Flink counts the labels per camera. The cameras
 * show a known colour ({@link DiscFrameGenerator}), so the report checks every label.
 *
 * <pre>
 * cameras --QUIC--> 'yomo' table (raw frames) --> ML_PREDICT(MODEL disc_colour) --> labels
 *     --> print + file; counts per camera in the report
 * </pre>
 */
@Command(
        name = "classify-example",
        mixinStandardHelpOptions = true,
        description =
                "Classifies simulated camera frames inside Flink and counts labels per camera.")
public final class ClassifyExample implements Callable<Integer> {

    static final String LISTENER = "classify-example";

    @Mixin JobOptions job;

    /** Where the model runs. */
    public enum Route {
        /** A YoMo Wasm stream function calling the model through WASI-NN. */
        WASM,
        /** ML_PREDICT with the local 'onnx' model provider. */
        SQL
    }

    @Option(
            names = "--route",
            defaultValue = "wasm",
            converter = RouteConverter.class,
            description =
                    "wasm (a Wasm stream function calling WASI-NN) or sql (ML_PREDICT) (default ${DEFAULT-VALUE})")
    Route route;

    @Option(
            names = "--guest",
            defaultValue = "c",
            description =
                    "The Wasm classifier for --route wasm: c or rust (default ${DEFAULT-VALUE})")
    String guest;

    /** Case-insensitive route names. */
    static final class RouteConverter implements picocli.CommandLine.ITypeConverter<Route> {
        @Override
        public Route convert(String value) {
            return Route.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    @Option(
            names = "--cameras",
            defaultValue = "2",
            description = "Simulated cameras (default ${DEFAULT-VALUE})")
    int cameras;

    @Option(
            names = "--interval",
            defaultValue = "100ms",
            converter = CliConverters.DurationConverter.class,
            description = "Time between frames of a camera (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(
            names = "--frames",
            description = "Stop each camera after this many frames (default: until the end)")
    Long frames;

    /** One run of the example; see the options for the fields. */
    public record Settings(
            Route route,
            String guest,
            int cameras,
            Duration duration,
            Duration interval,
            Long frames,
            int port,
            Path output,
            String restPorts) {
        public Settings {
            EmbeddedExample.checkDuration(duration);
            if (!guest.equals("c") && !guest.equals("rust")) {
                throw new IllegalArgumentException("guest must be c or rust, got " + guest);
            }
            if (cameras < 1) {
                throw new IllegalArgumentException("cameras must be at least 1, got " + cameras);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        ClassifyReport report =
                run(
                        new Settings(
                                route,
                                guest,
                                cameras,
                                job.duration,
                                interval,
                                frames,
                                job.port,
                                job.output("classify-example"),
                                job.restPorts),
                        out);
        return EmbeddedExample.report(
                out, report.outcome(), report.summary(), report.disagreements());
    }

    public static ClassifyReport run(Settings s, PrintWriter out) throws Exception {
        Path labels = s.output().resolve("labels.txt");
        Files.createDirectories(s.output());
        Files.deleteIfExists(labels);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(2_000);
        DataStream<String> lines;
        if (s.route() == Route.SQL) {
            StreamTableEnvironment tables = StreamTableEnvironment.create(env);
            List<String> sql = statements(s.port());
            sql.forEach(tables::executeSql);
            lines =
                    tables.toDataStream(tables.sqlQuery(QUERY))
                            .map(ClassifyExample::line)
                            .returns(Types.STRING)
                            .name("Format labels");
            out.println(String.join(";\n", sql) + ";\n" + QUERY + ";");
        } else {
            lines = ClassifierGuestJob.build(env, s.port(), s.guest());
            out.println(
                    "Wasm stream function classifier_"
                            + s.guest()
                            + " (WASI-NN, model "
                            + ClassifierGuestJob.MODEL_NAME
                            + ")");
        }
        lines.print().name("Print labels");
        lines.sinkTo(new DirectLineFileSink(labels)).name("File: labels");
        out.println(
                "Flink's YoMo listener is on 0.0.0.0:"
                        + s.port()
                        + "; "
                        + s.cameras()
                        + " simulated cameras send "
                        + DiscFrameGenerator.SIZE
                        + "x"
                        + DiscFrameGenerator.SIZE
                        + " RGB frames on tag "
                        + Tag.format(ImageSource.FRAME_TAG)
                        + " every "
                        + s.interval().toMillis()
                        + " ms");
        EmbeddedExample.Result r =
                EmbeddedExample.run(
                        env,
                        "classify example",
                        1,
                        s.duration(),
                        s.restPorts(),
                        out,
                        LISTENER,
                        cameras(s));
        return ClassifyReport.read(r.outcome(), r.sent(), labels);
    }

    /** Camera {@code i} (1-based) is named camera-i and seeded with i. */
    static List<EmbeddedExample.Device> cameras(Settings s) {
        List<EmbeddedExample.Device> devices = new ArrayList<>();
        for (int i = 1; i <= s.cameras(); i++) {
            String name = "camera-" + i;
            long seed = i;
            devices.add(
                    new EmbeddedExample.Device(
                            name,
                            (address, left) -> {
                                SimulatedSource.Builder b =
                                        SimulatedSource.builder(
                                                        name,
                                                        ImageSource.FRAME_TAG,
                                                        new DiscFrameGenerator(seed))
                                                .endpoint(
                                                        address.getHostString(), address.getPort())
                                                .interval(s.interval())
                                                .duration(left);
                                if (s.frames() != null) {
                                    b.count(s.frames());
                                }
                                return b.build();
                            }));
        }
        return devices;
    }

    /**
     * The frames table, the pixels view (the frame without its 8-byte size header, see {@link
     * FramePixels}) and the model. The model file travels with the job; 'labels' names its classes
     * in output order.
     */
    static List<String> statements(int port) {
        return List.of(
                String.format(
                        Locale.ROOT,
                        """
                CREATE TEMPORARY TABLE frames (
                  frame BYTES,
                  camera STRING METADATA FROM 'client_name'
                ) WITH (
                  'connector' = 'yomo',
                  'port' = '%d',
                  'scan.listener-name' = '%s',
                  'scan.observed-tags' = '0x%x',
                  'format' = 'raw'
                )""",
                        port,
                        LISTENER,
                        ImageSource.FRAME_TAG),
                "CREATE TEMPORARY FUNCTION frame_pixels AS '" + FramePixels.class.getName() + "'",
                "CREATE TEMPORARY VIEW pixels AS SELECT camera, frame_pixels(frame) AS pixels FROM frames",
                """
                CREATE TEMPORARY MODEL disc_colour
                INPUT (pixels BYTES)
                OUTPUT (label STRING, score FLOAT)
                WITH (
                  'provider' = 'onnx',
                  'path' = 'classpath:models/colour_discs.onnx',
                  'labels' = 'red;green;blue;yellow'
                )""");
    }

    static final String QUERY =
            "SELECT camera, label, score FROM ML_PREDICT(TABLE pixels, MODEL disc_colour, DESCRIPTOR(pixels))";

    private static String line(Row r) {
        return String.format(
                Locale.ROOT,
                "%s %s %.4f",
                r.getField("camera"),
                r.getField("label"),
                (Float) r.getField("score"));
    }

    public static void main(String[] args) {
        System.exit(ExampleMain.execute(new ClassifyExample(), args));
    }
}
