package dev.flinkyomo.examples.join;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.cli.ExampleMain;
import dev.flinkyomo.examples.common.EmbeddedExample;
import dev.flinkyomo.examples.common.JobOptions;
import dev.flinkyomo.examples.common.ReceivingZipper;
import dev.flinkyomo.examples.simulator.SensorGenerator;
import dev.flinkyomo.examples.simulator.SensorKind;
import dev.flinkyomo.examples.simulator.SensorY3;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import dev.flinkyomo.formats.y3.Y3PojoDeserializationSchema;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.transport.InboundFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A join across edge sensors, all in Flink SQL: a temperature sensor (tag 0x21, every 200 ms) and a
 * humidity sensor (tag 0x22, every 500 ms) send Y3 readings to a {@code 'connector' = 'yomo'}
 * table; an interval join pairs each humidity reading with the temperature readings of the same
 * sensor taken within 100 ms of it (event time, from the readings themselves); the pairs go back to
 * YoMo as Y3 frames on tag 0x23 through a {@code 'yomo'} sink table, carrying the humidity
 * reading's metadata (its yomo-tid) forward like YoMo's ctx.Write.
 *
 * <pre>
 * sensors --QUIC--> readings ('yomo', y3) -> temperature / humidity views -> interval join
 *     -> joined ('yomo' sink, y3, tag 0x23) --QUIC--> a zipper (here: an in-process listener)
 * </pre>
 */
@Command(
        name = "sensor-join-example",
        mixinStandardHelpOptions = true,
        description =
                "Joins simulated temperature and humidity sensors in Flink SQL and writes the pairs back to YoMo.")
public final class SensorJoinExample implements Callable<Integer> {

    /** Tag of the joined readings written back to YoMo. */
    public static final long JOINED_TAG = 0x23;

    /** Readings of one sensor this close in time (event time) are paired. */
    public static final Duration JOIN_BOUND = Duration.ofMillis(100);

    /** How far out of order readings may arrive before the join no longer waits for them. */
    static final Duration WATERMARK_DELAY = Duration.ofSeconds(2);

    /** The listener name devices find the source table's bound port by. */
    static final String LISTENER = "sensor-join-readings";

    @Mixin JobOptions job;

    @Option(
            names = "--sensor-id",
            defaultValue = "room-1",
            description = "Sensor id both sensors report (default ${DEFAULT-VALUE})")
    String sensorId;

    /** One run; see the options for the fields. */
    public record Settings(
            Duration duration, String sensorId, int port, Path output, String restPorts) {
        public Settings {
            EmbeddedExample.checkDuration(duration);
        }
    }

    /** What a run did: readings sent per sensor, the pairs the downstream zipper received. */
    public record Report(
            EmbeddedRunner.Outcome outcome, List<Long> sent, List<String> joined, Path joinedFile) {
        public String summary() {
            return String.format(
                    Locale.ROOT,
                    "sensor join example %s: sent %d temperature and %d humidity readings;"
                            + " the zipper downstream received %d joined pairs (tag 0x%x), also in %s",
                    outcome.name().toLowerCase(Locale.ROOT),
                    sent.get(0),
                    sent.get(1),
                    joined.size(),
                    JOINED_TAG,
                    joinedFile);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        Settings s =
                new Settings(
                        job.duration,
                        sensorId,
                        job.port,
                        job.output("sensor-join-example"),
                        job.restPorts);
        Report report = run(s, out, defaultSensors(s.sensorId()));
        return EmbeddedExample.report(out, report.outcome(), report.summary(), List.of());
    }

    /** A temperature and a humidity sensor at their kinds' tags and rates, on the wall clock. */
    static List<EmbeddedExample.Device> defaultSensors(String sensorId) {
        return List.of(SensorKind.TEMPERATURE, SensorKind.HUMIDITY).stream()
                .map(
                        kind ->
                                new EmbeddedExample.Device(
                                        kind.name().toLowerCase(Locale.ROOT),
                                        (address, left) ->
                                                SimulatedSource.builder(
                                                                kind.name().toLowerCase(Locale.ROOT)
                                                                        + "-sensor",
                                                                kind.tag(),
                                                                new SensorGenerator(
                                                                        kind,
                                                                        sensorId,
                                                                        kind.ordinal() + 1))
                                                        .endpoint(
                                                                address.getHostString(),
                                                                address.getPort())
                                                        .interval(kind.defaultInterval())
                                                        .duration(left)
                                                        .build()))
                .toList();
    }

    /** Runs the job with the given devices (temperature first, then humidity). */
    public static Report run(Settings s, PrintWriter out, List<EmbeddedExample.Device> sensors)
            throws Exception {
        Path joinedFile = s.output().resolve("joined.txt");
        Y3PojoDeserializationSchema<JoinedReading> y3 =
                Y3PojoDeserializationSchema.of(JoinedReading.class);
        try (ReceivingZipper downstream =
                new ReceivingZipper("downstream-zipper", f -> describe(y3, f), out, joinedFile)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            StreamTableEnvironment tables = StreamTableEnvironment.create(env);
            List<String> sql = statements(s.port(), downstream.port());
            StreamStatementSet job = tables.createStatementSet();
            for (String statement : sql) {
                if (statement.startsWith("INSERT")) {
                    job.addInsertSql(statement);
                } else {
                    tables.executeSql(statement);
                }
            }
            job.attachAsDataStream();
            out.println(String.join(";\n", sql) + ";");
            EmbeddedExample.Result r =
                    EmbeddedExample.run(
                            env,
                            "sensor join example",
                            1,
                            s.duration(),
                            s.restPorts(),
                            out,
                            LISTENER,
                            sensors);
            downstream.close();
            return new Report(r.outcome(), r.sent(), downstream.lines(), joinedFile);
        }
    }

    /** The whole job in SQL: the sensors' table, the two views, the zipper's table, the join. */
    static List<String> statements(int listenPort, int zipperPort) {
        return List.of(
                String.format(
                        Locale.ROOT,
                        """
                CREATE TEMPORARY TABLE readings (
                  sensor STRING,
                  val DOUBLE,
                  ts BIGINT,
                  tag BIGINT METADATA,
                  md MAP<STRING, STRING> METADATA FROM 'metadata',
                  rowtime AS TO_TIMESTAMP_LTZ(ts, 3),
                  WATERMARK FOR rowtime AS rowtime - INTERVAL '%s' SECOND
                ) WITH (
                  'connector' = 'yomo',
                  'port' = '%d',
                  'listener-name' = '%s',
                  'observed-tags' = '0x%x;0x%x',
                  'format' = 'y3',
                  'y3.keys' = '%s'
                )""",
                        seconds(WATERMARK_DELAY),
                        listenPort,
                        LISTENER,
                        SensorKind.TEMPERATURE.tag(),
                        SensorKind.HUMIDITY.tag(),
                        SensorY3.SQL_KEYS),
                "CREATE TEMPORARY VIEW temperature AS SELECT * FROM readings WHERE tag = "
                        + SensorKind.TEMPERATURE.tag(),
                "CREATE TEMPORARY VIEW humidity AS SELECT * FROM readings WHERE tag = "
                        + SensorKind.HUMIDITY.tag(),
                String.format(
                        Locale.ROOT,
                        """
                CREATE TEMPORARY TABLE joined (
                  sensor STRING,
                  temperature DOUBLE,
                  humidity DOUBLE,
                  ts BIGINT,
                  skew_ms BIGINT,
                  md MAP<STRING, STRING> METADATA FROM 'metadata'
                ) WITH (
                  'connector' = 'yomo',
                  'host' = '127.0.0.1',
                  'port' = '%d',
                  'sink.tag' = '%d',
                  'sink.client-name' = 'sensor-join',
                  'format' = 'y3',
                  'y3.keys' = 'sensor=0x11,temperature=0x12,humidity=0x13,ts=0x14,skew_ms=0x15'
                )""",
                        zipperPort,
                        JOINED_TAG),
                String.format(
                        Locale.ROOT,
                        """
                INSERT INTO joined
                SELECT t.sensor, t.val, h.val, h.ts, t.ts - h.ts, h.md
                FROM temperature AS t, humidity AS h
                WHERE t.sensor = h.sensor
                  AND t.rowtime BETWEEN h.rowtime - INTERVAL '%1$s' SECOND AND h.rowtime + INTERVAL '%1$s' SECOND""",
                        seconds(JOIN_BOUND)));
    }

    /** SQL interval literals take seconds with a fraction, e.g. '0.100'. */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).toPlainString();
    }

    /** A frame from the join as the downstream zipper sees it. */
    static String describe(Y3PojoDeserializationSchema<JoinedReading> y3, InboundFrame f) {
        if (f.tag() != JOINED_TAG) {
            return "unexpected tag " + Tag.format(f.tag());
        }
        try {
            return y3.deserialize(f.payload()).toString();
        } catch (IOException e) {
            return "undecodable joined frame: " + e.getMessage();
        }
    }

    public static void main(String[] args) {
        System.exit(ExampleMain.execute(new SensorJoinExample(), args));
    }
}
