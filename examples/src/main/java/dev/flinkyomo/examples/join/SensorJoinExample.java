package dev.flinkyomo.examples.join;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.bridge.job.sink.LineFileSink;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.examples.common.EmbeddedExample;
import dev.flinkyomo.examples.common.ExampleMain;
import dev.flinkyomo.examples.common.JobOptions;
import dev.flinkyomo.examples.simulator.SensorGenerator;
import dev.flinkyomo.examples.simulator.SensorKind;
import dev.flinkyomo.examples.simulator.SimulatedSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A join across edge sensors: a temperature sensor (tag 0x21, every 200 ms) and a humidity sensor
 * (tag 0x22, every 500 ms) send Y3 readings to Flink's YoMo listener; Flink SQL joins each humidity
 * reading with the temperature readings of the same sensor taken within 100 ms of it (an interval
 * join on the readings' own event time) and prints the pairs.
 *
 * <pre>
 * sensors --QUIC--> YomoSource --> y3 POJO decode --> SQL: temperature JOIN humidity
 *     ON sensor AND t.rowtime BETWEEN h.rowtime -+ 100 ms --> print + file (+ Y3 frames on 0x23)
 * </pre>
 */
@Command(name = "sensor-join-example", mixinStandardHelpOptions = true,
        description = "Joins simulated temperature and humidity sensors with Flink SQL (interval join).")
public final class SensorJoinExample implements Callable<Integer> {

    @Mixin
    JobOptions job;

    /** Tag of the joined readings written back to YoMo. */
    public static final long JOINED_TAG = 0x23;

    /** Readings of one sensor this close in time (event time) are paired. */
    public static final Duration JOIN_BOUND = Duration.ofMillis(100);

    /** How far out of order readings may arrive before the join no longer waits for them. */
    static final Duration WATERMARK_DELAY = Duration.ofSeconds(2);

    static final String JOIN_SQL = String.format(Locale.ROOT, """
            SELECT t.sensor, t.val AS temperature, h.val AS humidity, h.ts AS ts, t.ts - h.ts AS skew_ms
            FROM temperature AS t, humidity AS h
            WHERE t.sensor = h.sensor
              AND t.rowtime BETWEEN h.rowtime - INTERVAL '%1$s' SECOND AND h.rowtime + INTERVAL '%1$s' SECOND
            """, seconds(JOIN_BOUND));

    @Option(names = "--sensor-id", defaultValue = "room-1", description = "Sensor id both sensors report (default ${DEFAULT-VALUE})")
    String sensorId;

    /** One run; see the options for the fields. */
    public record Settings(Duration duration, String sensorId, int port, Path output, String restPorts) {
        public Settings {
            EmbeddedExample.checkDuration(duration);
        }
    }

    /** What a run did. */
    public record Report(EmbeddedRunner.Outcome outcome, List<Long> sent, List<String> joined, List<String> rejected,
                         Path joinedFile) {
        public String summary() {
            return String.format("sensor join example %s: sent %d temperature and %d humidity readings; %d joined"
                    + " pairs in %s; %d frames rejected", outcome.name().toLowerCase(Locale.ROOT), sent.get(0),
                    sent.get(1), joined.size(), joinedFile, rejected.size());
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        Settings s = new Settings(job.duration, sensorId, job.port, job.output("sensor-join-example"), job.restPorts);
        Report report = run(s, out, defaultSensors(s.sensorId()));
        return EmbeddedExample.report(out, report.outcome(), report.summary(), report.rejected());
    }

    /** A temperature and a humidity sensor at their kinds' tags and rates, on the wall clock. */
    static List<EmbeddedExample.Device> defaultSensors(String sensorId) {
        return List.of(SensorKind.TEMPERATURE, SensorKind.HUMIDITY).stream()
                .map(kind -> new EmbeddedExample.Device(kind.name().toLowerCase(Locale.ROOT), (address, left) ->
                        SimulatedSource.builder(kind.name().toLowerCase(Locale.ROOT) + "-sensor", kind.tag(),
                                        new SensorGenerator(kind, sensorId, kind.ordinal() + 1))
                                .endpoint(address.getHostString(), address.getPort())
                                .interval(kind.defaultInterval()).duration(left).build()))
                .toList();
    }

    /** Runs the job with the given devices (temperature first, then humidity). */
    public static Report run(Settings s, PrintWriter out, List<EmbeddedExample.Device> sensors) throws Exception {
        Path joined = s.output().resolve("joined.txt");
        Path rejected = s.output().resolve("rejected.txt");
        Files.deleteIfExists(joined);
        Files.deleteIfExists(rejected);
        String listener = "sensor-join-example";

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(2_000); // the file sinks flush on checkpoints
        build(env, listener, s.port(), joined, rejected);

        out.println("Flink's YoMo listener is on 0.0.0.0:" + s.port() + "; temperature on tag 0x"
                + Long.toHexString(SensorKind.TEMPERATURE.tag()) + " every " + SensorKind.TEMPERATURE.defaultInterval().toMillis()
                + " ms, humidity on tag 0x" + Long.toHexString(SensorKind.HUMIDITY.tag()) + " every "
                + SensorKind.HUMIDITY.defaultInterval().toMillis() + " ms\n" + JOIN_SQL);
        EmbeddedExample.Result r = EmbeddedExample.run(env, "sensor join example", 1, s.duration(), s.restPorts(), out,
                listener, sensors);
        return new Report(r.outcome(), r.sent(), lines(joined), lines(rejected), joined);
    }

    /** The job: listener, Y3 decoding, the SQL interval join, outputs. */
    static void build(StreamExecutionEnvironment env, String listener, int port, Path joinedFile, Path rejectedFile) {
        YomoSource<YomoRecord> source = YomoSource.builder().setListenerName(listener).setHost("0.0.0.0").setPort(port)
                .build();
        SingleOutputStreamOperator<SensorReading> readings = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "YoMo sensors").uid("yomo-sensors")
                .process(new SensorDecoder(Set.of(SensorKind.TEMPERATURE.tag(), SensorKind.HUMIDITY.tag())))
                .name("Decode Y3 readings").uid("decode-readings");
        DataStream<String> rejected = readings.getSideOutput(SensorDecoder.REJECTED);
        rejected.sinkTo(new LineFileSink(rejectedFile)).name("File: rejected").uid("sink-rejected");
        rejected.print("rejected").name("Print rejected").uid("print-rejected");

        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.createTemporaryView("readings", readings, Schema.newBuilder()
                .columnByExpression("rowtime", "TO_TIMESTAMP_LTZ(ts, 3)")
                .watermark("rowtime", "rowtime - INTERVAL '" + seconds(WATERMARK_DELAY) + "' SECOND")
                .build());
        tables.executeSql("CREATE TEMPORARY VIEW temperature AS SELECT sensor, val, ts, rowtime FROM readings WHERE tag = "
                + SensorKind.TEMPERATURE.tag());
        tables.executeSql("CREATE TEMPORARY VIEW humidity AS SELECT sensor, val, ts, rowtime FROM readings WHERE tag = "
                + SensorKind.HUMIDITY.tag());

        DataStream<JoinedReading> pairs = tables.toDataStream(tables.sqlQuery(JOIN_SQL))
                .map(SensorJoinExample::toJoined).returns(TypeInformation.of(JoinedReading.class)).name("To JoinedReading");
        DataStream<String> lines = pairs.map(JoinedReading::toString).returns(Types.STRING).name("Format pairs");
        lines.print().name("Print pairs").uid("print-pairs");
        lines.sinkTo(new LineFileSink(joinedFile)).name("File: joined").uid("sink-joined");
    }

    /** SQL interval literals take seconds with a fraction, e.g. '0.100'. */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).toPlainString();
    }

    static JoinedReading toJoined(Row row) {
        return new JoinedReading(row.<String>getFieldAs("sensor"), row.<Double>getFieldAs("temperature"),
                row.<Double>getFieldAs("humidity"), row.<Long>getFieldAs("ts"), row.<Long>getFieldAs("skew_ms"));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    public static void main(String[] args) {
        System.exit(ExampleMain.execute(new SensorJoinExample(), args));
    }
}
