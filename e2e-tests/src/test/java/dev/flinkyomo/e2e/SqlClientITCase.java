package dev.flinkyomo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.examples.join.FixedClockSensors;
import dev.flinkyomo.examples.join.JoinedReading;
import dev.flinkyomo.examples.simulator.SensorKind;
import dev.flinkyomo.examples.simulator.SensorY3;
import dev.flinkyomo.formats.y3.Y3PojoDeserializationSchema;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's "from laptop to Flink cluster" in SQL: Flink's own SQL client (flink-sql-client 2.3.0,
 * {@code org.apache.flink.table.client.SqlClient embedded -f}, in a JVM of its own) runs a script
 * against the standalone cluster: {@code ADD JAR} of the shaded flink-sql-connector-yomo jar, two
 * {@code 'yomo'} listener tables in the {@code y3} format (the sensor join example's schema), an
 * interval join of the two sensor streams and {@code INSERT INTO} a {@code 'yomo'} sink table whose
 * frames the Go zipper ({@code yomo-peer zipper --expect 15}) receives. Neither the connector nor
 * the format is on the cluster's or the client's class path: they come only from the jar.
 *
 * <p>The sensors are Go {@code yomo-peer source} processes (quic-go devices) at the sensors' real
 * rates, sending the examples' sensor readings on fixed clocks (reading i of a kind stamped T0 + i
 * * its interval, Y3 payloads made by {@link FixedClockSensors}): 25 temperature and 10 humidity
 * readings, so exactly the 15 pairs with |200 i - 500 j| <= 100 ms are expected, with values
 * replayed from the sensors' seeds.
 */
class SqlClientITCase {

    private static final long T0 = 1_800_000_000_000L;
    private static final int TEMPERATURES = 25;
    private static final int HUMIDITIES = 10;
    private static final int PAIRS = 15;
    private static final long JOINED_TAG = 0x23;
    private static final String SINK_CLIENT = "sql-client-join";

    private static final FixedClockSensors SENSORS = new FixedClockSensors("lab", T0, 7);

    private static final Pattern JOB_ID = Pattern.compile("Job ID: ([0-9a-f]{32})");

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sqlClientRunsTheSensorJoinOnTheClusterFromTheSqlJar() throws Exception {
        Path workDir = StandaloneFlinkCluster.workDir("sql-client");
        int temperaturePort = ExactlyOnceClusterRuns.freeUdpPort();
        int humidityPort = ExactlyOnceClusterRuns.freeUdpPort();
        try (StandaloneFlinkCluster cluster =
                        StandaloneFlinkCluster.start(workDir, 2, Duration.ofSeconds(90));
                YomoPeerProcess zipper =
                        YomoPeerProcess.startZipper(
                                "--expect", String.valueOf(PAIRS), "--timeout", "170s")) {
            int zipperPort = Integer.parseInt(zipper.listenAddress().replaceAll(".*:", ""));
            String script = script(temperaturePort, humidityPort, zipperPort);
            String out = runSqlClient(workDir, cluster, script);
            Matcher job = JOB_ID.matcher(out);
            assertThat(job.find()).as("the client's output names the job:\n%s", out).isTrue();
            String jobId = job.group(1);
            try {
                cluster.awaitJobState(jobId, Duration.ofSeconds(60), "RUNNING");
                awaitLog(cluster, "of source 'temperature-readings' listens on");
                awaitLog(cluster, "of source 'humidity-readings' listens on");

                CompletableFuture<Long> temperatures =
                        send(SensorKind.TEMPERATURE, TEMPERATURES, temperaturePort, workDir);
                CompletableFuture<Long> humidities =
                        send(SensorKind.HUMIDITY, HUMIDITIES, humidityPort, workDir);
                assertThat(temperatures.get(60, TimeUnit.SECONDS)).isEqualTo(TEMPERATURES);
                assertThat(humidities.get(60, TimeUnit.SECONDS)).isEqualTo(HUMIDITIES);

                assertThat(zipper.awaitExit(Duration.ofSeconds(60)))
                        .as("yomo-peer zipper --expect %d%s", PAIRS, zipper.describe())
                        .isZero();
                List<String> received = new ArrayList<>();
                Y3PojoDeserializationSchema<JoinedReading> y3 =
                        Y3PojoDeserializationSchema.of(JoinedReading.class);
                for (JsonNode frame : zipper.events("data")) {
                    assertThat(frame.path("tag").asLong()).isEqualTo(JOINED_TAG);
                    assertThat(frame.path("client").asText()).isEqualTo(SINK_CLIENT);
                    // the humidity reading's metadata carried forward (md column)
                    assertThat(YomoPeerProcess.metadata(frame).get("yomo-tid")).isNotBlank();
                    received.add(y3.deserialize(YomoPeerProcess.payload(frame)).toString());
                }
                assertThat(received).containsExactlyInAnyOrderElementsOf(expectedPairs());
            } finally {
                cluster.cancel(jobId);
                cluster.awaitJobState(jobId, Duration.ofSeconds(30), "CANCELED");
            }
        }
    }

    /** What the README shows a user, with this run's jar and ports. */
    private static String script(int temperaturePort, int humidityPort, int zipperPort) {
        return String.join(
                "\n",
                "ADD JAR '" + E2eArtifacts.sqlConnectorJar() + "';",
                readingsTable("temperature", temperaturePort, SensorKind.TEMPERATURE, ""),
                readingsTable(
                        "humidity",
                        humidityPort,
                        SensorKind.HUMIDITY,
                        "\n  md MAP<STRING, STRING> METADATA FROM 'metadata',"),
                String.format(
                        Locale.ROOT,
                        """
                        CREATE TABLE joined (
                          sensor STRING, temperature DOUBLE, humidity DOUBLE, ts BIGINT, skew_ms BIGINT,
                          md MAP<STRING, STRING> METADATA FROM 'metadata'
                        ) WITH (
                          'connector' = 'yomo', 'host' = '127.0.0.1', 'port' = '%d',
                          'sink.tag' = '%d', 'sink.client-name' = '%s', 'format' = 'y3',
                          'y3.keys' = 'sensor=0x11,temperature=0x12,humidity=0x13,ts=0x14,skew_ms=0x15'
                        );""",
                        zipperPort,
                        JOINED_TAG,
                        SINK_CLIENT),
                """
                INSERT INTO joined
                SELECT t.sensor, t.val, h.val, h.ts, t.ts - h.ts, h.md
                FROM temperature AS t, humidity AS h
                WHERE t.sensor = h.sensor
                  AND t.rowtime BETWEEN h.rowtime - INTERVAL '0.1' SECOND
                                    AND h.rowtime + INTERVAL '0.1' SECOND;
                """);
    }

    /** A listener table of one sensor kind, the sensor join example's y3 layout and watermark. */
    private static String readingsTable(String name, int port, SensorKind kind, String extra) {
        return String.format(
                Locale.ROOT,
                """
                CREATE TABLE %1$s (
                  sensor STRING, val DOUBLE, ts BIGINT,%2$s
                  rowtime AS TO_TIMESTAMP_LTZ(ts, 3),
                  WATERMARK FOR rowtime AS rowtime - INTERVAL '2' SECOND
                ) WITH (
                  'connector' = 'yomo', 'host' = '127.0.0.1', 'port' = '%3$d',
                  'listener-name' = '%1$s-readings', 'observed-tags' = '0x%4$x',
                  'format' = 'y3', 'y3.keys' = '%5$s'
                );""",
                name,
                extra,
                port,
                kind.tag(),
                SensorY3.SQL_KEYS);
    }

    /**
     * {@code SqlClient embedded -f script.sql} in its own JVM, as {@code sql-client.sh -f} runs it,
     * with FLINK_CONF_DIR pointing at the cluster's REST address; returns its output once it exited
     * 0 (the INSERT is submitted detached: 'table.dml-sync' is false by default).
     */
    private static String runSqlClient(Path workDir, StandaloneFlinkCluster cluster, String script)
            throws IOException, InterruptedException {
        Path conf = Files.createDirectories(workDir.resolve("sql-client-conf"));
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "execution.target: remote",
                        "rest.address: localhost",
                        "rest.port: " + cluster.restPort(),
                        "jobmanager.rpc.address: localhost",
                        "parallelism.default: 1",
                        ""));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = File",
                        "appender.file.name = File",
                        "appender.file.type = FILE",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n",
                        ""));
        Path sql = Files.writeString(workDir.resolve("sensor-join.sql"), script);
        Path output = cluster.logDir().resolve("sql-client.out");
        ProcessBuilder pb =
                new ProcessBuilder(
                                StandaloneFlinkCluster.java(),
                                "-Xmx512m",
                                "-Dlog.file=" + cluster.logDir().resolve("sql-client.log"),
                                "-Dlog4j.configurationFile="
                                        + conf.resolve("log4j.properties").toUri(),
                                "-cp",
                                E2eArtifacts.sqlClientClasspath(),
                                "org.apache.flink.table.client.SqlClient",
                                "embedded",
                                "-f",
                                sql.toString())
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(output.toFile());
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        Process p = pb.start();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("SQL client still running after 90 s:\n%s", out).isTrue();
        assertThat(p.exitValue())
                .as("SQL client exit code; output:\n%s\n%s", out, cluster.logTails())
                .isZero();
        return out;
    }

    private static void awaitLog(StandaloneFlinkCluster cluster, String line)
            throws IOException, InterruptedException {
        Path log = cluster.logDir().resolve("taskmanager.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + line + "' in " + log + "\n" + cluster.logTails());
    }

    /**
     * One sensor as the Go {@code yomo-peer source} (a quic-go device, not Java), at its kind's
     * real rate, sending the payloads of {@link FixedClockSensors} (Y3 readings on a fixed clock).
     */
    private static CompletableFuture<Long> send(SensorKind kind, int count, int port, Path workDir)
            throws IOException {
        StringBuilder hex = new StringBuilder();
        for (byte[] payload : SENSORS.payloads(kind, count)) {
            hex.append(HexFormat.of().formatHex(payload)).append('\n');
        }
        Path payloads = Files.writeString(workDir.resolve(kind + ".hex"), hex.toString());
        YomoPeerProcess sensor =
                YomoPeerProcess.start(
                        "source",
                        "--addr",
                        "127.0.0.1:" + port,
                        "--name",
                        kind + "-sensor",
                        "--tag",
                        "0x" + Long.toHexString(kind.tag()),
                        "--payloads-hex",
                        payloads.toString(),
                        "--rate",
                        String.valueOf(1000.0 / kind.defaultInterval().toMillis()),
                        "--timeout",
                        "90s");
        return CompletableFuture.supplyAsync(
                () -> {
                    try (sensor) {
                        assertThat(sensor.awaitExit(Duration.ofSeconds(90)))
                                .as(kind + " sensor" + sensor.describe())
                                .isZero();
                        return sensor.awaitEvent("summary", Duration.ofSeconds(5))
                                .path("sent")
                                .asLong();
                    }
                });
    }

    /**
     * Humidity j with temperature i when |200 i - 500 j| <= 100, values replayed from the seeds.
     */
    private static List<String> expectedPairs() throws IOException {
        List<String> pairs = SENSORS.expectedPairs(TEMPERATURES, HUMIDITIES);
        assertThat(pairs).hasSize(PAIRS);
        return pairs;
    }
}
