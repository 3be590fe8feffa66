package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.sink.ConnectedFunctionsSink;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.transport.ConnectedFunctions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A YoMo application made of the real YoMo's parts with a Flink job as its zipper (the complete
 * zipper issue): a source on YoMo's Go SDK, {@code yomo run uppercase.wasm} (YoMo's own Wasm host,
 * a stream function observing 0x33 and writing 0x34) and a stream function on YoMo's SDK observing
 * 0x34, all dialling the job's listener as they would dial {@code yomo serve}. Runs in the {@code
 * real-yomo} profile with {@link RealYomoIT}, and like it is skipped without the binaries and runs
 * under {@code @Timeout} in a thread of its own (Flink's collect iterator swallows interrupts).
 */
@ExtendWith(RealYomoBinaries.Required.class)
class RealYomoConnectedFunctionIT {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final String TOKEN = "real-yomo-secret";
    private static final String CREDENTIAL = "token:" + TOKEN;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String LISTENER = "real-yomo-functions";

    /** Stops what a case that timed out left running (its thread may still be blocked). */
    @AfterEach
    void stopWhatTheCaseLeftRunning(@InjectClusterClient ClusterClient<?> client) throws Exception {
        RealYomoBinaries.stopWhatTheCaseLeftRunning(client);
    }

    @Test
    @Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
    void realFunctionsConnectToTheJobAndChainThroughIt() throws Exception {
        int n = 50;
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<YomoRecord> records =
                env.fromSource(
                        YomoSource.listener()
                                .setListenerName(LISTENER)
                                .setHost("127.0.0.1")
                                .setPort(0)
                                .setAuthToken(TOKEN)
                                .setTls(TlsOptions.INSECURE_DEFAULT)
                                .setAcceptStreamFunctions(true)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "yomo");
        records.sinkTo(ConnectedFunctionsSink.of(LISTENER));
        CloseableIterator<YomoRecord> seen = records.collectAsync();
        JobClient job = env.executeAsync("real-yomo-functions");
        try {
            String zipper =
                    "127.0.0.1:"
                            + YomoListenerRegistry.addressOf(LISTENER, 0)
                                    .get(60, TimeUnit.SECONDS)
                                    .getPort();
            try (YomoPeerProcess upper =
                            RealYomoBinaries.yomoRun(
                                    zipper,
                                    CREDENTIAL,
                                    "uppercase",
                                    RealYomoBinaries.guest("uppercase.wasm"));
                    YomoPeerProcess downstream =
                            RealYomoBinaries.streamFunction(
                                    zipper, CREDENTIAL, "downstream", "0x34", n)) {
                downstream.awaitEvent("connected", TIMEOUT);
                awaitFunctions(2);
                try (YomoPeerProcess source = RealYomoBinaries.source(zipper, CREDENTIAL, n)) {
                    assertThat(source.awaitExit(TIMEOUT))
                            .as("real source exit" + source.describe())
                            .isZero();
                }
                assertThat(downstream.awaitExit(TIMEOUT))
                        .as("real sfn exit" + downstream.describe() + upper.describe())
                        .isZero();

                // what the downstream function got: each reading upper-cased by yomo run, routed
                // by the job, with the source's transaction id
                List<JsonNode> got = downstream.events("data");
                assertThat(got).hasSize(n);
                Map<String, String> tidByPayload = new HashMap<>();
                for (JsonNode e : got) {
                    assertThat(e.path("tag").asLong()).isEqualTo(0x34L);
                    tidByPayload.put(e.path("data").asText(), e.path("tid").asText());
                }
                // the job saw the readings (0x33) and the function's writes (0x34), the same tids
                Map<String, String> readingTids = new HashMap<>();
                int writes = 0;
                while ((readingTids.size() < n || writes < n) && seen.hasNext()) {
                    YomoRecord r = seen.next();
                    String payload = new String(r.getPayload(), StandardCharsets.UTF_8);
                    if (r.getTag() == 0x33) {
                        readingTids.put(payload.toUpperCase(java.util.Locale.ROOT), r.tid());
                    } else if (r.getTag() == 0x34) {
                        assertThat(r.getClientName()).isEqualTo("uppercase");
                        writes++;
                    }
                }
                assertThat(writes).isEqualTo(n);
                assertThat(tidByPayload).isEqualTo(readingTids);
            }
        } finally {
            seen.close();
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitFunctions(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ConnectedFunctions f = YomoListenerRegistry.functionsOf(LISTENER, 0);
            if (f != null && f.size() == n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "expected " + n + " real stream functions connected to the job's listener");
    }
}
