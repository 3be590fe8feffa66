package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.source.YomoDecodeErrors;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.reader.DecodeErrorPolicy;
import dev.flinkyomo.connector.yomo.source.reader.YomoDecodeResult;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.y3.Y3Writer;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scenario over real QUIC: one device sends a 7-byte payload that the {@code y3} format
 * refuses ({@code NEGATIVE_LENGTH at byte offset 1}) while another sends good readings, under each
 * {@code 'scan.decode-errors'} policy.
 */
class YomoDecodeErrorsITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlotsReportingTo(REPORTER);

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A Y3 record node whose first field claims a negative length: 7 bytes, as in the issue. */
    static final byte[] BAD_PAYLOAD = {(byte) 0x90, 0x74, 0x01, 0x01, 0x00, 0x00, 0x00};

    private StreamTableEnvironment tEnv;

    @BeforeEach
    void tableEnvironment() {
        tEnv = TestClusters.tableEnvironment();
    }

    private void createReadings(String listenerName, String policyOption, String extraColumns) {
        tEnv.executeSql(
                "CREATE TABLE readings (\n"
                        + "  noise FLOAT,\n"
                        + "  `from` STRING,\n"
                        + "  client STRING METADATA FROM 'client_name'"
                        + extraColumns
                        + "\n) WITH (\n"
                        + "  'connector' = 'yomo',\n"
                        + "  'host' = '127.0.0.1',\n"
                        + "  'port' = '0',\n"
                        + "  'listener-name' = '"
                        + listenerName
                        + "',\n"
                        + policyOption
                        + "  'observed-tags' = '0x21',\n"
                        + "  'format' = 'y3',\n"
                        + "  'y3.keys' = 'noise=0x11,from=0x13'\n"
                        + ")");
    }

    static byte[] reading(float noise, String from) {
        return new Y3Writer()
                .beginNode(0x10)
                .float32(0x11, noise)
                .string(0x13, from)
                .endNode()
                .toByteArray();
    }

    static YomoClient device(String listenerName, String name) throws Exception {
        InetSocketAddress address =
                YomoListenerRegistry.addressOf(listenerName, 0)
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ClientOptions options =
                ClientOptions.builder("127.0.0.1", address.getPort(), name, ClientType.SOURCE)
                        .id(name + "-id")
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .build();
        YomoClient client = new YomoClient(options, YomoClientListener.NO_OP);
        client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    static DataFrame frame(byte[] payload) {
        return new DataFrame(0x21, MetadataCodec.encode(Map.of()), payload);
    }

    @Test
    void failPolicyFailsTheJobNamingTableOptionAndOffset() throws Exception {
        createReadings("decode-fail", "  'scan.decode-errors' = 'fail',\n", "");
        TableResult result = tEnv.executeSql("SELECT `from`, noise FROM readings");
        try (CloseableIterator<Row> rows = result.collect();
                YomoClient bad = device("decode-fail", "bad-dev")) {
            bad.write(frame(BAD_PAYLOAD));
            bad.flush();
            assertThatThrownBy(rows::next)
                    .satisfies(
                            e ->
                                    assertThat(causes(e))
                                            .contains("readings")
                                            .contains("'scan.decode-errors' = 'fail'")
                                            .contains("NEGATIVE_LENGTH at byte offset 1")
                                            .contains("bad-dev")
                                            .contains("0x21"));
        }
    }

    @Test
    void defaultSkipsTheBadPayloadCountsItAndKeepsEveryGoodRow() throws Exception {
        createReadings("decode-skip", "", "");
        TableResult result = tEnv.executeSql("SELECT `from`, noise, client FROM readings");
        JobID job = result.getJobClient().orElseThrow().getJobID();
        try (CloseableIterator<Row> rows = result.collect();
                YomoClient good = device("decode-skip", "good-dev");
                YomoClient bad = device("decode-skip", "bad-dev")) {
            for (int i = 0; i < 3; i++) {
                good.write(frame(reading(10f + i, "good-" + i)));
            }
            good.flush();
            bad.write(frame(BAD_PAYLOAD));
            bad.write(frame(BAD_PAYLOAD));
            // the bad device's last frame is good: once its row is out, both bad ones were handled
            bad.write(frame(reading(99f, "bad-but-fixed")));
            bad.flush();
            for (int i = 3; i < 6; i++) {
                good.write(frame(reading(10f + i, "good-" + i)));
            }
            good.flush();

            Set<String> got = new HashSet<>();
            for (int i = 0; i < 7; i++) {
                Row r = rows.next();
                got.add(r.getField(0) + "/" + r.getField(2));
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                expected.add("good-" + i + "/good-dev");
            }
            expected.add("bad-but-fixed/bad-dev");
            assertThat(got).isEqualTo(expected);
            assertThat(numRecordsInErrors(job)).isEqualTo(2);
        }
    }

    @Test
    void deadLetterPolicyGivesTheBadFrameAsARowWithDecodeError() throws Exception {
        createReadings(
                "decode-dlq",
                "  'scan.decode-errors' = 'dead-letter',\n",
                ",\n  tag BIGINT METADATA,\n  decode_error STRING METADATA");
        TableResult result =
                tEnv.executeSql("SELECT `from`, noise, client, tag, decode_error FROM readings");
        JobID job = result.getJobClient().orElseThrow().getJobID();
        try (CloseableIterator<Row> rows = result.collect();
                YomoClient good = device("decode-dlq", "good-dev");
                YomoClient bad = device("decode-dlq", "bad-dev")) {
            good.write(frame(reading(1f, "good-0")));
            good.flush();
            bad.write(frame(BAD_PAYLOAD));
            bad.flush();
            good.write(frame(reading(2f, "good-1")));
            good.flush();

            List<Row> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(rows.next());
            }
            List<Row> dead = got.stream().filter(r -> r.getField(4) != null).toList();
            assertThat(dead).hasSize(1);
            Row d = dead.get(0);
            assertThat(d.getField(0)).isNull();
            assertThat(d.getField(1)).isNull();
            assertThat(d.getField(2)).isEqualTo("bad-dev");
            assertThat(d.getField(3)).isEqualTo(0x21L);
            assertThat((String) d.getField(4)).contains("NEGATIVE_LENGTH at byte offset 1");
            assertThat(got.stream().filter(r -> r.getField(4) == null).map(r -> r.getField(0)))
                    .containsExactlyInAnyOrder("good-0", "good-1");
            assertThat(numRecordsInErrors(job)).isEqualTo(1);
        }
    }

    /** DataStream API: values on the main output, the bad frame on the dead-letter side output. */
    @Test
    void dataStreamDeadLettersReachTheSideOutput() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        YomoSource<YomoDecodeResult<Integer>> source =
                YomoSource.listener()
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setListenerName("decode-ds")
                        .setTls(TlsOptions.INSECURE_DEFAULT)
                        .setDeserializer(YomoDeserializationSchema.payloadOrDeadLetter(new Ints()))
                        .setDecodeErrorPolicy(DecodeErrorPolicy.DEAD_LETTER)
                        .build();
        SingleOutputStreamOperator<Integer> values =
                YomoDecodeErrors.split(
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "yomo"),
                        Types.INT);
        DataStream<String> all =
                values.map(v -> "value " + v)
                        .union(
                                values.getSideOutput(YomoDecodeErrors.DEAD_LETTERS)
                                        .map(
                                                d ->
                                                        "dead "
                                                                + d.getRecord().getClientName()
                                                                + " "
                                                                + new String(
                                                                        d.getRecord().getPayload(),
                                                                        StandardCharsets.UTF_8)
                                                                + " "
                                                                + d.getError()));
        try (CloseableIterator<String> rows = all.executeAndCollect("decode-ds");
                YomoClient dev = device("decode-ds", "ds-dev")) {
            for (String p : List.of("1", "two", "3")) {
                dev.write(frame(p.getBytes(StandardCharsets.UTF_8)));
            }
            dev.flush();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(rows.next());
            }
            // the union of main and side output keeps no order between the two
            assertThat(got)
                    .containsExactlyInAnyOrder(
                            "value 1", "dead ds-dev two For input string: \"two\"", "value 3");
        }
    }

    @Test
    void deadLetterNeedsASchemaThatCanRepresentIt() {
        assertThatThrownBy(
                        () ->
                                YomoSource.listener()
                                        .setDeserializer(
                                                YomoDeserializationSchema.payload(new Ints()))
                                        .setDecodeErrorPolicy(DecodeErrorPolicy.DEAD_LETTER)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payloadOrDeadLetter");
    }

    /** ASCII decimal integers; anything else throws NumberFormatException. */
    static final class Ints extends AbstractDeserializationSchema<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer deserialize(byte[] message) {
            return Integer.parseInt(new String(message, StandardCharsets.UTF_8));
        }
    }

    private static long numRecordsInErrors(JobID job) {
        Map<String, Metric> found = REPORTER.findMetrics(job, "numRecordsInErrors");
        assertThat(found).as("numRecordsInErrors of job %s", job).isNotEmpty();
        return found.values().stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
