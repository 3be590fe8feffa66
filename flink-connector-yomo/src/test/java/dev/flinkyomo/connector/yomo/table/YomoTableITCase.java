package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.sink.TestListener;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.y3.Y3Writer;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 'yomo' tables in a MiniCluster: a Java YoMo source pushes Y3 frames over QUIC into a source
 * table; a sink table delivers frames to the transport's listener standing in for a zipper.
 */
class YomoTableITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private StreamTableEnvironment tEnv;

    @BeforeEach
    void tableEnvironment() {
        tEnv = TestClusters.tableEnvironment();
    }

    private void createSensors(String listenerName) {
        tEnv.executeSql(
                "CREATE TABLE sensors (\n"
                        + "  noise FLOAT,\n"
                        + "  `time` BIGINT,\n"
                        + "  `from` STRING,\n"
                        + "  tag BIGINT METADATA,\n"
                        + "  tid STRING METADATA,\n"
                        + "  source_id STRING METADATA,\n"
                        + "  client STRING METADATA FROM 'client_name',\n"
                        + "  md MAP<STRING, STRING> METADATA FROM 'metadata',\n"
                        + "  received_at TIMESTAMP_LTZ(3) METADATA,\n"
                        + "  WATERMARK FOR received_at AS received_at - INTERVAL '1' SECOND\n"
                        + ") WITH (\n"
                        + "  'connector' = 'yomo',\n"
                        + "  'host' = '127.0.0.1',\n"
                        + "  'port' = '0',\n"
                        + "  'listener-name' = '"
                        + listenerName
                        + "',\n"
                        + "  'observed-tags' = '0x33',\n"
                        + "  'format' = 'y3',\n"
                        + "  'y3.keys' = 'noise=0x11,time=0x12,from=0x13'\n"
                        + ")");
    }

    /** A record node whose 'time' value is 9 bytes: decoding that column would fail the job. */
    private static byte[] poisonedSensor(float noise, String from) {
        return new Y3Writer()
                .beginNode(0x10)
                .float32(0x11, noise)
                .bytes(0x12, new byte[9])
                .string(0x13, from)
                .endNode()
                .toByteArray();
    }

    private static DataFrame frame(long tag, int i, byte[] payload) {
        Map<String, String> md =
                Map.of(MetadataKeys.TID, "tid-" + i, MetadataKeys.SOURCE_ID, "dev-1");
        return new DataFrame(tag, MetadataCodec.encode(md), payload);
    }

    @Test
    void selectWithProjectionAndMetadataGivesExactRows() throws Exception {
        createSensors("sql-sensors");
        Instant start = Instant.now();
        TableResult result =
                tEnv.executeSql(
                        "SELECT `from`, noise, tag, tid, source_id, client, md['yomo-tid'], received_at FROM sensors");
        try (CloseableIterator<Row> rows = result.collect()) {
            InetSocketAddress address =
                    YomoListenerRegistry.addressOf("sql-sensors", 0)
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ClientOptions options =
                    ClientOptions.builder(
                                    "127.0.0.1",
                                    address.getPort(),
                                    "noise-source",
                                    ClientType.SOURCE)
                            .id("dev-1")
                            .tls(TlsOptions.INSECURE_DEFAULT)
                            .udpBufferSize(0)
                            .build();
            try (YomoClient client = new YomoClient(options, YomoClientListener.NO_OP)) {
                client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (int i = 0; i < 5; i++) {
                    client.write(frame(0x33, i, poisonedSensor(50f + i, "device-" + i)));
                    // not observed by the table: skipped, so they never show up between the rows
                    client.write(frame(0x34, 100 + i, poisonedSensor(-1f, "other")));
                }
                client.flush();
                List<Row> got = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    got.add(rows.next());
                }
                for (int i = 0; i < 5; i++) {
                    Row r = got.get(i);
                    assertThat(r.getField(0)).isEqualTo("device-" + i);
                    assertThat(r.getField(1)).isEqualTo(50f + i);
                    assertThat(r.getField(2)).isEqualTo(0x33L);
                    assertThat(r.getField(3)).isEqualTo("tid-" + i);
                    assertThat(r.getField(4)).isEqualTo("dev-1");
                    assertThat(r.getField(5)).isEqualTo("noise-source");
                    assertThat(r.getField(6)).isEqualTo("tid-" + i);
                    assertThat((Instant) r.getField(7)).isBetween(start, Instant.now());
                }
            }
        }
    }

    @Test
    void explainShowsProjectionMetadataAndWatermarkPushedIntoTheSource() {
        createSensors("sql-explain");
        String plan = tEnv.explainSql("SELECT noise, tag FROM sensors");
        assertThat(plan)
                .containsPattern(
                        "TableSourceScan\\(table=\\[\\[[^\\]]*sensors, project=\\[noise\\], metadata=\\[tag, received_at\\], watermark=");
    }

    @Test
    void insertIntoSinkTableDeliversTaggedFramesCarryingMetadata() throws Exception {
        try (TestListener zipper = new TestListener()) {
            tEnv.executeSql(
                    "CREATE TABLE alerts (\n"
                            + "  device STRING,\n"
                            + "  level INT,\n"
                            + "  tag BIGINT METADATA,\n"
                            + "  md MAP<STRING, STRING> METADATA FROM 'metadata'\n"
                            + ") WITH (\n"
                            + "  'connector' = 'yomo',\n"
                            + "  'host' = '127.0.0.1',\n"
                            + "  'port' = '"
                            + zipper.port
                            + "',\n"
                            + "  'sink.tag' = '0x40',\n"
                            + "  'format' = 'json'\n"
                            + ")");
            tEnv.executeSql(
                    "CREATE TABLE raw_out (line STRING) WITH (\n"
                            + "  'connector' = 'yomo', 'mode' = 'connect', 'host' = '127.0.0.1',\n"
                            + "  'port' = '"
                            + zipper.port
                            + "', 'sink.tag' = '65', 'sink.target' = 'sfn-x', 'format' = 'raw')");
            tEnv.executeSql(
                            "INSERT INTO alerts VALUES\n"
                                    + "  ('d1', 3, CAST(NULL AS BIGINT), MAP['yomo-tid', 'tid-a', 'yomo-source-id', 'dev-1']),\n"
                                    + "  ('d2', 7, CAST(66 AS BIGINT), CAST(NULL AS MAP<STRING, STRING>))")
                    .await(WAIT.toSeconds(), TimeUnit.SECONDS);
            tEnv.executeSql("INSERT INTO raw_out VALUES ('hello yomo')")
                    .await(WAIT.toSeconds(), TimeUnit.SECONDS);

            List<InboundFrame> got = zipper.take(3, WAIT);
            assertThat(got).hasSize(3);
            InboundFrame a = got.get(0);
            assertThat(a.tag()).isEqualTo(64);
            assertThat(new String(a.payload(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"device\":\"d1\",\"level\":3}");
            assertThat(a.metadata())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(MetadataKeys.TID, "tid-a", MetadataKeys.SOURCE_ID, "dev-1"));
            assertThat(a.connection().clientName()).isEqualTo("alerts");
            assertThat(a.connection().clientType()).isEqualTo(ClientType.SOURCE.code());
            InboundFrame b = got.get(1);
            assertThat(b.tag()).isEqualTo(66);
            assertThat(new String(b.payload(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"device\":\"d2\",\"level\":7}");
            assertThat(b.metadata().get(MetadataKeys.TID)).hasSize(21);
            InboundFrame c = got.get(2);
            assertThat(c.tag()).isEqualTo(65);
            assertThat(new String(c.payload(), StandardCharsets.UTF_8)).isEqualTo("hello yomo");
            assertThat(c.metadata()).containsEntry(MetadataKeys.TARGET, "sfn-x");
        }
    }

    @Test
    void badOptionsFailNamingTheOption() {
        String base =
                "CREATE TABLE %s (v STRING) WITH ('connector' = 'yomo', 'format' = 'raw', %s)";
        tEnv.executeSql(String.format(base, "bad_mode", "'mode' = 'multicast'"));
        tEnv.executeSql(String.format(base, "bad_port", "'port' = '70000'"));
        tEnv.executeSql(String.format(base, "bad_tags", "'observed-tags' = '0x33;0xF001'"));
        tEnv.executeSql(String.format(base, "listen_sink", "'mode' = 'listen'"));
        tEnv.executeSql(String.format(base, "untagged_sink", "'host' = '127.0.0.1'"));
        tEnv.executeSql(String.format(base, "hostless_sink", "'sink.tag' = '1'"));
        tEnv.executeSql(
                String.format(base, "blind_sfn", "'mode' = 'connect', 'host' = '127.0.0.1'"));
        tEnv.executeSql(
                String.format(
                        base,
                        "token_sfn",
                        "'mode' = 'connect', 'host' = '127.0.0.1', 'observed-tags' = '1', 'auth.token' = 't'"));

        assertThatThrownBy(() -> tEnv.explainSql("SELECT * FROM bad_mode"))
                .satisfies(e -> assertThat(causes(e)).contains("'multicast'").contains("'mode'"));
        assertThatThrownBy(() -> tEnv.explainSql("SELECT * FROM bad_port"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("invalid value 70000 for option 'port'"));
        assertThatThrownBy(() -> tEnv.explainSql("SELECT * FROM bad_tags"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains(
                                                "invalid value '0xF001' for option 'scan.observed-tags'"));
        assertThatThrownBy(() -> tEnv.explainSql("INSERT INTO listen_sink VALUES ('x')"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("invalid value listen for option 'mode'"));
        assertThatThrownBy(() -> tEnv.explainSql("INSERT INTO untagged_sink VALUES ('x')"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains(
                                                "set 'sink.tag' or declare a column `tag BIGINT METADATA`"));
        assertThatThrownBy(() -> tEnv.explainSql("INSERT INTO hostless_sink VALUES ('x')"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("option 'host' is required in connect mode"));
        assertThatThrownBy(() -> tEnv.explainSql("SELECT * FROM blind_sfn"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains(
                                                "option 'observed-tags' is required for a connect-mode source table"));
        tEnv.executeSql(
                String.format(
                        base, "starved", "'memory-budget' = '64mb', 'max-connections' = '10000'"));
        assertThatThrownBy(() -> tEnv.explainSql("SELECT * FROM starved"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("table default_catalog.default_database.starved")
                                        .contains(
                                                "a memory budget of 67108864 bytes cannot serve 10256 connections")
                                        .contains("raise the memory budget to at least"));
        assertThatThrownBy(() -> tEnv.explainSql("SELECT * FROM token_sfn"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("option 'auth.token' is for listen mode"));
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
