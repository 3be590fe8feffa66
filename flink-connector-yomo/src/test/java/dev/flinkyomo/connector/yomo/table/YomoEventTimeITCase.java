package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time from a payload field: a {@code WATERMARK FOR ts AS ts - INTERVAL '1' SECOND} on a JSON
 * payload column, pushed into the 'yomo' source, drives a tumbling event-time window over frames a
 * YoMo client sends over QUIC.
 */
class YomoEventTimeITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String LISTENER = "sql-event-time";

    @Test
    void payloadTimestampWatermarkClosesTumblingWindowsWithExactResults() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.executeSql(
                "CREATE TABLE readings (\n"
                        + "  device STRING,\n"
                        + "  reading INT,\n"
                        + "  ts TIMESTAMP(3),\n"
                        + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
                        + ") WITH (\n"
                        + "  'connector' = 'yomo',\n"
                        + "  'host' = '127.0.0.1',\n"
                        + "  'port' = '0',\n"
                        + "  'listener-name' = '"
                        + LISTENER
                        + "',\n"
                        + "  'observed-tags' = '0x33',\n"
                        + "  'format' = 'json',\n"
                        // a watermark after every record rather than every 200 ms, so the order of
                        // the
                        // frames below decides what is late, not the timing of a periodic emitter
                        + "  'scan.watermark.emit.strategy' = 'on-event'\n"
                        + ")");
        assertThat(tEnv.explainSql("SELECT * FROM readings"))
                .as("the watermark is generated in the source, from the decoded payload")
                .containsPattern(
                        "TableSourceScan\\(table=\\[\\[[^\\]]*readings, watermark=\\[-\\(ts, 1000");

        TableResult result =
                tEnv.executeSql(
                        "SELECT CAST(window_start AS STRING), device, SUM(reading), COUNT(*)\n"
                                + "FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
                                + "GROUP BY window_start, window_end, device");
        try (CloseableIterator<Row> rows = result.collect()) {
            InetSocketAddress address =
                    YomoListenerRegistry.addressOf(LISTENER, 0)
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            ClientOptions options =
                    ClientOptions.builder(
                                    "127.0.0.1", address.getPort(), "meter", ClientType.SOURCE)
                            .tls(TlsOptions.INSECURE_DEFAULT)
                            .udpBufferSize(0)
                            .build();
            try (YomoClient client = new YomoClient(options, YomoClientListener.NO_OP)) {
                client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                client.write(reading("a", 1, "00:00:01.000"));
                client.write(reading("b", 2, "00:00:03.000"));
                client.write(reading("a", 4, "00:00:09.500"));
                // watermark 00:00:09.500 afterwards: [0 s, 10 s) stays open ...
                client.write(reading("a", 8, "00:00:10.500"));
                // ... so this one is on time only because of the 1 s watermark delay
                client.write(reading("b", 16, "00:00:09.800"));
                client.write(reading("b", 32, "00:00:19.000"));
                // watermark 00:00:18 has closed [0 s, 10 s): late, dropped
                client.write(reading("a", 128, "00:00:05.000"));
                // watermark 00:00:24: closes [10 s, 20 s), not [20 s, 30 s)
                client.write(reading("a", 64, "00:00:25.000"));
                client.flush();

                List<String> got =
                        CompletableFuture.supplyAsync(() -> take(rows, 4))
                                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(got)
                        .containsExactlyInAnyOrder(
                                "2026-01-01 00:00:00.000,a,5,2",
                                "2026-01-01 00:00:00.000,b,18,2",
                                "2026-01-01 00:00:10.000,a,8,1",
                                "2026-01-01 00:00:10.000,b,32,1");
            }
        }
    }

    private static DataFrame reading(String device, int value, String time) {
        String json =
                "{\"device\":\""
                        + device
                        + "\",\"reading\":"
                        + value
                        + ",\"ts\":\"2026-01-01 "
                        + time
                        + "\"}";
        return new DataFrame(0x33, new byte[0], json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> take(CloseableIterator<Row> rows, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Row r = rows.next();
            out.add(
                    r.getField(0)
                            + ","
                            + r.getField(1)
                            + ","
                            + r.getField(2)
                            + ","
                            + r.getField(3));
        }
        return out;
    }
}
