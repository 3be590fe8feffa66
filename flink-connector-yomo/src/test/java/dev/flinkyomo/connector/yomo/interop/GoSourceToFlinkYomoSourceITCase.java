package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.interop.YomoPeerBinary;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Go {@code yomo-peer source} feeding a Flink job that reads with {@link YomoSource}. */
class GoSourceToFlinkYomoSourceITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final String TOKEN = "flink-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    @Timeout(90)
    void flinkJobReceivesEveryGoFrameInOrder() throws Exception {
        int n = 1000;
        String listener = "interop-go-source";
        YomoPeerBinary.get(); // build before the job starts, not on a Flink thread
        ExecutorService starter = Executors.newSingleThreadExecutor();
        CompletableFuture<YomoPeerProcess> source =
                YomoListenerRegistry.addressOf(listener, 0)
                        .thenApplyAsync(address -> startGoSource(address, n), starter);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<YomoRecord> got =
                env.fromSource(
                                YomoSource.listener()
                                        .setListenerName(listener)
                                        .setHost("127.0.0.1")
                                        .setPort(0)
                                        .setAuthToken(TOKEN)
                                        .setTls(TlsOptions.INSECURE_DEFAULT)
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                "yomo")
                        .executeAndCollect("go-source-to-flink", n);

        starter.shutdown();
        try (YomoPeerProcess go = source.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            // the job has ended and closed its listener, which also ends the Go session
            assertThat(go.awaitExit(TIMEOUT)).as("Go source exit code" + go.describe()).isZero();
            assertThat(go.awaitEvent("summary", TIMEOUT).path("sent").asInt()).isEqualTo(n);
        }
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            YomoRecord r = got.get(i);
            assertThat(r.getTag()).as("tag of record %d", i).isEqualTo(0x33L);
            assertThat(new String(r.getPayload(), StandardCharsets.UTF_8)).isEqualTo("frame-" + i);
            assertThat(r.getMetadata())
                    .containsEntry(MetadataKeys.TID, "go-flink-" + i)
                    .containsEntry(MetadataKeys.SOURCE_ID, "go-flink");
            assertThat(r.getClientName()).isEqualTo("go-source");
            assertThat(r.getClientId()).isEqualTo("go-flink");
        }
    }

    private static YomoPeerProcess startGoSource(InetSocketAddress address, int n) {
        return YomoPeerProcess.start(
                "source",
                "--addr",
                "127.0.0.1:" + address.getPort(),
                "--name",
                "go-source",
                "--id",
                "go-flink",
                "--credential",
                "token:" + TOKEN,
                "--tag",
                "0x33",
                "--count",
                String.valueOf(n),
                "--timeout",
                "60s");
    }
}
