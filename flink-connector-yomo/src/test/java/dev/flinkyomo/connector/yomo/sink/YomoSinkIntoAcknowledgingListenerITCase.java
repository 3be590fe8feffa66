package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.connector.yomo.AckTestJobs;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.yomo.transport.TlsOptions;
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
 * A flink-yomo job meshing into another one: job A writes numbers with an {@code AT_LEAST_ONCE}
 * {@link YomoSink} into job B's listener source with {@code ON_CHECKPOINT}; B fails half way and
 * restarts from its checkpoint; A's sink resends what B's restored position lacks. B's keyed state
 * ends with every number exactly once, and A finishes only once B acknowledged everything.
 */
class YomoSinkIntoAcknowledgingListenerITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final int NUMBERS = 3000;
    private static final AtomicBoolean RECEIVER_FAILED = new AtomicBoolean();
    private static final Queue<String> RESULTS = AckTestJobs.results("mesh-b");

    @Test
    @Timeout(150)
    void everyNumberCountsOnceInTheReceiversStateAcrossItsFailover() throws Exception {
        int port = AckTestJobs.freeUdpPort();
        StreamExecutionEnvironment b = AckTestJobs.restartingEnv(200);
        b.fromSource(
                        AckTestJobs.acknowledgingListener("mesh-b", port),
                        WatermarkStrategy.noWatermarks(),
                        "yomo")
                .map(YomoSinkIntoAcknowledgingListenerITCase::failOnceHalfway)
                .keyBy(n -> 0)
                .process(new AckTestJobs.CountEachOnce(NUMBERS, "mesh-b"))
                .sinkTo(new DiscardingSink<>());
        JobClient jobB = b.executeAsync("mesh-b");
        try {
            YomoListenerRegistry.addressOf("mesh-b", 0).get(30, TimeUnit.SECONDS);

            // well above B's interval: each checkpoint of A waits for B's next one
            StreamExecutionEnvironment a = AckTestJobs.restartingEnv(1000);
            a.fromSequence(1, NUMBERS)
                    .map(
                            n -> {
                                Thread.sleep(1);
                                return n;
                            })
                    .sinkTo(
                            YomoSink.<Long>builder()
                                    .setZipper("127.0.0.1", port)
                                    .setClientName("mesh-a")
                                    .setTls(TlsOptions.INSECURE_DEFAULT)
                                    .setUdpBufferSize(0)
                                    .setWriteTimeout(Duration.ofSeconds(30))
                                    .setReconnectBackoff(
                                            Duration.ofMillis(100), Duration.ofMillis(500))
                                    .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                    .setRecordSerializer(
                                            YomoRecordSerializer.of(
                                                    n ->
                                                            Long.toString(n)
                                                                    .getBytes(
                                                                            StandardCharsets.UTF_8),
                                                    TagSelector.fixed(0x10)))
                                    .build());
            // returns once A's end of input saw every frame acknowledged by B
            a.execute("mesh-a");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (RESULTS.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(RECEIVER_FAILED).as("the receiver's failure was injected").isTrue();
            assertThat(RESULTS).containsExactly("count=" + NUMBERS + " duplicates=0");
        } finally {
            jobB.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static int failOnceHalfway(String payload) {
        int n = Integer.parseInt(payload);
        if (n == NUMBERS / 2 && RECEIVER_FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure of the receiver at " + n);
        }
        return n;
    }
}
