package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results of a Flink job written with {@link YomoSink} into the Go {@code yomo-peer zipper}, which
 * routes them to a Go stream function observing their tag: what a YoMo deployment downstream of
 * Flink sees, metadata (transaction and source ids) carried forward like {@code ctx.Write}.
 */
class FlinkSinkToGoStreamFunctionITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final String TOKEN = "downstream-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @Test
    @Timeout(120)
    void goStreamFunctionReceivesWhatTheFlinkSinkWritesInOrder() throws Exception {
        int n = 300;
        try (YomoPeerProcess zipper =
                        YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "90s");
                YomoPeerProcess sfn =
                        YomoPeerProcess.start(
                                "sfn",
                                "--addr",
                                zipper.listenAddress(),
                                "--credential",
                                "token:" + TOKEN,
                                "--name",
                                "alerts-sfn",
                                "--observe",
                                "0x34",
                                "--count",
                                String.valueOf(n),
                                "--timeout",
                                "90s")) {
            assertThat(zipper.awaitEvent("connected", TIMEOUT).path("clientType").asText())
                    .isEqualTo("sfn");

            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            int port =
                    Integer.parseInt(
                            zipper.listenAddress()
                                    .substring(zipper.listenAddress().lastIndexOf(':') + 1));
            env.fromData(results(n))
                    .sinkTo(
                            YomoSink.<YomoRecord>builder()
                                    .setZipper("127.0.0.1", port)
                                    .setClientName("flink-results")
                                    .setCredential("token:" + TOKEN)
                                    .setTls(TlsOptions.INSECURE_DEFAULT)
                                    .setRecordSerializer(YomoRecordSerializer.yomoRecords())
                                    .build());
            env.execute("flink-sink-to-go-sfn");

            assertThat(sfn.awaitExit(TIMEOUT)).as("sfn exit code" + sfn.describe()).isZero();
            List<JsonNode> data = sfn.events("data");
            assertThat(data).hasSize(n);
            for (int i = 0; i < n; i++) {
                JsonNode e = data.get(i);
                assertThat(e.path("tag").asLong()).as("tag of frame %d", i).isEqualTo(0x34L);
                assertThat(new String(YomoPeerProcess.payload(e), StandardCharsets.UTF_8))
                        .isEqualTo("alert-" + i);
                assertThat(YomoPeerProcess.metadata(e))
                        .containsEntry("yomo-tid", "tid-" + i)
                        .containsEntry("yomo-source-id", "noise-sensor");
            }
        }
    }

    /** Alerts derived from input frames, as a job computes them (YomoRecord.derive = ctx.Write). */
    private static List<YomoRecord> results(int n) {
        List<YomoRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, String> md = new LinkedHashMap<>();
            md.put("yomo-tid", "tid-" + i);
            md.put("yomo-source-id", "noise-sensor");
            YomoRecord input =
                    new YomoRecord(
                            0x33, ("{\"noise\":" + i + "}").getBytes(StandardCharsets.UTF_8), md);
            out.add(input.derive(0x34, ("alert-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
