package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.YomoStreamFunctionSourceBuilder;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.interop.YomoPeerBinary;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flink as a YoMo stream function: a job with {@link YomoSource} in connect mode dials the Go
 * {@code yomo-peer zipper}, which routes the frames of Go {@code yomo-peer source}s to every stream
 * function observing their tag.
 */
class GoZipperToFlinkStreamFunctionITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final String TOKEN = "zipper-secret";
    private static final long TAG_A = 0x33;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    @Timeout(90)
    void streamFunctionJobReceivesExactlyTheObservedTagInOrderWithMetadata() throws Exception {
        int n = 2000;
        YomoPeerBinary.get(); // build before the job starts, not on a Flink thread
        try (YomoPeerProcess zipper =
                YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "80s")) {
            // parallelism 2 with the default single connection: subtask 1 finishes, nothing is
            // duplicated;
            // a 16-frame queue keeps the bounded path tight (pausing itself is asserted in
            // GoZipperStreamFunctionBackpressureITCase)
            CompletableFuture<List<YomoRecord>> job =
                    runAsync(streamFunction(zipper, "token:" + TOKEN).setQueueCapacity(16), 2, n);

            JsonNode connected = zipper.awaitEvent("connected", TIMEOUT);
            assertThat(connected.path("client").asText()).isEqualTo("flink-sfn");
            assertThat(connected.path("clientType").asText()).isEqualTo("sfn");
            assertThat(connected.path("observe").toString()).isEqualTo("[" + TAG_A + "]");

            // tag B first: had any B frame been routed, it would be collected before the A frames
            YomoPeerProcess.runSource(
                    zipper.listenAddress(), "token:" + TOKEN, "noise", "0x34", 50, TIMEOUT);
            YomoPeerProcess.runSource(
                    zipper.listenAddress(), "token:" + TOKEN, "sensor", "0x33", n, TIMEOUT);

            List<YomoRecord> got = job.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(got).hasSize(n);
            for (int i = 0; i < n; i++) {
                YomoRecord r = got.get(i);
                assertThat(r.getTag()).as("tag of record %d", i).isEqualTo(TAG_A);
                assertThat(new String(r.getPayload(), StandardCharsets.UTF_8))
                        .as("record %d", i)
                        .isEqualTo("frame-" + i);
                assertThat(r.getMetadata())
                        .containsEntry(MetadataKeys.SOURCE_ID, "sensor")
                        .containsEntry(MetadataKeys.TID, "sensor-" + i);
                assertThat(r.getClientName())
                        .as("frames come from the zipper, not a named client")
                        .isNull();
                assertThat(r.getReceivedAt()).isPositive();
            }
            assertThat(
                            zipper.events("connected").stream()
                                    .filter(e -> "sfn".equals(e.path("clientType").asText())))
                    .as("stream-function connections the zipper saw")
                    .hasSize(1);
        }
    }

    @Test
    @Timeout(60)
    void wrongTokenFailsTheJobWithTheZippersReason() throws Exception {
        YomoPeerBinary.get();
        try (YomoPeerProcess zipper =
                YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "50s")) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            YomoSource<YomoRecord> source = streamFunction(zipper, "token:wrong").build();
            assertThatThrownBy(
                            () ->
                                    env.fromSource(
                                                    source,
                                                    WatermarkStrategy.noWatermarks(),
                                                    "yomo-sfn")
                                            .executeAndCollect("rejected-sfn", 1))
                    .satisfies(
                            e ->
                                    assertThat(causes(e))
                                            .contains("rejected stream function 'flink-sfn'")
                                            .contains(
                                                    "authentication failed: client credential name is \"token\""));
            assertThat(zipper.awaitEvent("rejected", TIMEOUT).path("client").asText())
                    .isEqualTo("flink-sfn");
            assertThat(zipper.events("rejected"))
                    .as("a rejected stream function must not redial")
                    .hasSize(1);
        }
    }

    private static YomoStreamFunctionSourceBuilder<YomoRecord> streamFunction(
            YomoPeerProcess zipper, String credential) {
        String addr = zipper.listenAddress();
        return YomoSource.streamFunction()
                .setZipper("127.0.0.1", Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)))
                .setName("flink-sfn")
                .setObservedTags(TAG_A)
                .setCredential(credential)
                .setTls(TlsOptions.INSECURE_DEFAULT);
    }

    private static CompletableFuture<List<YomoRecord>> runAsync(
            YomoStreamFunctionSourceBuilder<YomoRecord> source, int parallelism, int n) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        YomoSource<YomoRecord> built = source.build();
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return env.fromSource(built, WatermarkStrategy.noWatermarks(), "yomo-sfn")
                                .executeAndCollect("go-zipper-to-flink-sfn", n);
                    } catch (Exception e) {
                        throw new IllegalStateException("the stream-function job failed", e);
                    }
                });
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
