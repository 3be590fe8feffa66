package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.yomo.interop.YomoPeerBinary;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code 'mode' = 'connect'} source table: Flink SQL as a stream function of the Go zipper. */
class GoZipperToFlinkSqlStreamFunctionITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final String TOKEN = "sql-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    @Timeout(90)
    void connectModeTableReadsTheObservedTagWithMetadataColumns() throws Exception {
        int n = 300;
        YomoPeerBinary.get();
        try (YomoPeerProcess zipper =
                YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "80s")) {
            String addr = zipper.listenAddress();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
            tEnv.executeSql(
                    "CREATE TABLE routed (\n"
                            + "  payload STRING,\n"
                            + "  tag BIGINT METADATA,\n"
                            + "  tid STRING METADATA,\n"
                            + "  source_id STRING METADATA,\n"
                            + "  client STRING METADATA FROM 'client_name'\n"
                            + ") WITH (\n"
                            + "  'connector' = 'yomo',\n"
                            + "  'mode' = 'connect',\n"
                            + "  'host' = '127.0.0.1',\n"
                            + "  'port' = '"
                            + addr.substring(addr.lastIndexOf(':') + 1)
                            + "',\n"
                            + "  'observed-tags' = '0x33',\n"
                            + "  'credential' = 'token:"
                            + TOKEN
                            + "',\n"
                            + "  'tls.verify-peer' = 'false',\n"
                            + "  'stream-function.name' = 'flink-sql-sfn',\n"
                            + "  'format' = 'raw'\n"
                            + ")");
            TableResult result =
                    tEnv.executeSql("SELECT payload, tag, tid, source_id, client FROM routed");
            try (CloseableIterator<Row> rows = result.collect()) {
                JsonNode connected = zipper.awaitEvent("connected", TIMEOUT);
                assertThat(connected.path("client").asText()).isEqualTo("flink-sql-sfn");
                assertThat(connected.path("clientType").asText()).isEqualTo("sfn");

                YomoPeerProcess.runSource(
                        addr,
                        "token:" + TOKEN,
                        "noise",
                        "0x34",
                        20,
                        TIMEOUT); // not observed: must not show up first
                YomoPeerProcess.runSource(addr, "token:" + TOKEN, "sensor", "0x33", n, TIMEOUT);
                List<Row> got = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    got.add(rows.next());
                }
                for (int i = 0; i < n; i++) {
                    assertThat(got.get(i))
                            .as("row %d", i)
                            .isEqualTo(Row.of("frame-" + i, 0x33L, "sensor-" + i, "sensor", null));
                }
            }
        }
    }
}
