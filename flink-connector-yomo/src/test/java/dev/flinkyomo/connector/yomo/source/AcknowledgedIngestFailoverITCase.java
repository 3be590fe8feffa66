package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.connector.yomo.AckTestJobs;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once device push across a task failure: an acknowledging device sends 3,000 numbered
 * frames to a checkpointed job; a failure is injected halfway; the job restarts from its last
 * checkpoint, the device reconnects and resends what the restored position does not cover; keyed
 * state then holds every number exactly once, and the device has every frame acknowledged. Without
 * the extension the frames in flight at the failure are lost (at-most-once).
 */
class AcknowledgedIngestFailoverITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final int FRAMES = 3000;
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final Queue<String> RESULTS = AckTestJobs.results("acks-failover");

    @Test
    @Timeout(150)
    void everyFrameCountsOnceInStateAcrossAFailover() throws Exception {
        int port = AckTestJobs.freeUdpPort();
        StreamExecutionEnvironment env = AckTestJobs.restartingEnv(300);
        env.fromSource(
                        AckTestJobs.acknowledgingListener("acks-failover", port),
                        WatermarkStrategy.noWatermarks(),
                        "yomo")
                .map(AcknowledgedIngestFailoverITCase::failOnceHalfway)
                .keyBy(n -> 0)
                .process(new AckTestJobs.CountEachOnce(FRAMES, "acks-failover"))
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("acks-failover");
        YomoListenerRegistry.addressOf("acks-failover", 0).get(30, TimeUnit.SECONDS);

        ClientOptions options =
                ClientOptions.builder("127.0.0.1", port, "sensor", ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .acknowledgements(AckOptions.of("sensor-7").withRequired(true))
                        .build();
        try (YomoClient device = new YomoClient(options, YomoClientListener.NO_OP)) {
            device.start().get(20, TimeUnit.SECONDS);
            assertThat(device.acknowledgementsGranted()).isTrue();
            for (int i = 1; i <= FRAMES; i++) {
                byte[] payload = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                device.write(new DataFrame(0x21, new byte[0], payload));
                if (i % 50 == 0) {
                    device.flush();
                    Thread.sleep(10); // about 5,000 frames/s: the failure lands mid-stream
                }
            }
            device.flush();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (RESULTS.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(FAILED).as("the failure was injected").isTrue();
            assertThat(RESULTS).containsExactly("count=" + FRAMES + " duplicates=0");
            assertThat(device.awaitDurable(FRAMES, Duration.ofSeconds(30)))
                    .as("every frame acknowledged (durable %d)", device.durableSequence())
                    .isTrue();
            assertThat(device.unacknowledgedFrames()).isZero();
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static int failOnceHalfway(String payload) {
        int n = Integer.parseInt(payload);
        if (n == FRAMES / 2 && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure at frame " + n);
        }
        return n;
    }
}
