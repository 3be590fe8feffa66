package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code AT_LEAST_ONCE} over real QUIC: a checkpointed job writes numbers with a {@link YomoSink}
 * into a receiver that acknowledges as a flink-yomo listener with {@code ON_CHECKPOINT} does
 * ({@link AckingReceiver}, driven by the test); and against a stock listener.
 */
class YomoSinkAtLeastOnceITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final int NUMBERS = 4000;
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    private static final AtomicLong FIRST_CHECKPOINT_COMPLETED_AT = new AtomicLong();
    private static final Map<Long, Long> HIGHEST_BEFORE_BARRIER = new ConcurrentHashMap<>();
    private static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();
    private static volatile AckingReceiver receiver;

    private static YomoSinkBuilder<Long> sinkTo(int port) {
        return YomoSink.<Long>builder()
                .setZipper("127.0.0.1", port)
                .setClientName("acks-sink")
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setUdpBufferSize(0)
                .setWriteTimeout(Duration.ofSeconds(20))
                .setRecordSerializer(
                        YomoRecordSerializer.of(
                                n -> Long.toString(n).getBytes(StandardCharsets.UTF_8),
                                TagSelector.fixed(0x10)));
    }

    /**
     * Every number arrives across a failure of the writing job; its checkpoints complete only once
     * the receiver acknowledged everything written before them; duplicates are possible (counted).
     */
    @Test
    @Timeout(120)
    void everyRecordArrivesAcrossAFailoverAndCheckpointsWaitForAcknowledgements() throws Exception {
        try (AckingReceiver r = new AckingReceiver(Duration.ofMillis(100))) {
            receiver = r;
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofMillis(200));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            // well above the receiver's 100 ms: each checkpoint holds this task until the
            // receiver's
            // next one (at 200 ms each, the job spent most of its time waiting, ~80 s for 4,000)
            env.enableCheckpointing(500);
            env.setParallelism(1);
            env.fromSequence(1, NUMBERS)
                    .map(new PacedFailOnce())
                    .sinkTo(
                            sinkTo(r.port)
                                    .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                    .build());

            // the receiver's "job" takes its first checkpoint only after 1.5 s: until then the
            // writer's checkpoints cannot complete
            Thread ackGate =
                    new Thread(
                            () -> {
                                try {
                                    Thread.sleep(1500);
                                    r.startAcknowledging();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });
            ackGate.start();
            env.execute("yomo-sink-at-least-once");
            ackGate.join();

            assertThat(FAILED).as("the failure was injected").isTrue();
            Map<Long, Integer> counts = r.counts();
            assertThat(counts.keySet())
                    .as("every number arrived")
                    .hasSize(NUMBERS)
                    .allMatch(n -> n >= 1 && n <= NUMBERS);
            long duplicates = counts.values().stream().mapToLong(c -> c - 1).sum();
            System.out.printf(
                    "at-least-once: %d numbers, %d duplicates (replayed after the failover),"
                            + " %d resent frames dropped by the receiver, %d checkpoints completed%n",
                    counts.size(), duplicates, r.duplicatesDropped(), COMPLETED_CHECKPOINTS.get());
            assertThat(r.unnumbered()).as("frames without a sequence").isZero();
            assertThat(r.acknowledgedUpTo())
                    .as("the end of input waited until everything was acknowledged")
                    .isEqualTo(NUMBERS);
            assertThat(COMPLETED_CHECKPOINTS.get()).isGreaterThanOrEqualTo(2);
            assertThat(FIRST_CHECKPOINT_COMPLETED_AT.get())
                    .as("no checkpoint completed before the receiver acknowledged")
                    .isGreaterThanOrEqualTo(r.acknowledgingSince());
            assertThat(VIOLATIONS).as("checkpoints completed before acknowledgements").isEmpty();
            assertThat(r.handshakes)
                    .as("one producer, the restarted subtask resuming as the same one")
                    .allMatch(h -> h.startsWith("acks-sink-0@"))
                    .anyMatch(h -> !h.equals("acks-sink-0@0"));
        } finally {
            receiver = null;
        }
    }

    /** A receiver that does not grant acknowledgements fails the job at connect, naming the fix. */
    @Test
    @Timeout(60)
    void aStockListenerFailsTheJobNamingTheOption() throws Exception {
        try (TestListener stock = new TestListener()) {
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            env.fromData("a", "b")
                    .sinkTo(
                            YomoSink.<String>builder()
                                    .setZipper("127.0.0.1", stock.port)
                                    .setClientName("results")
                                    .setTls(TlsOptions.INSECURE_DEFAULT)
                                    .setUdpBufferSize(0)
                                    .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                    .setRecordSerializer(
                                            YomoRecordSerializer.of(
                                                    new SimpleStringSchema(),
                                                    TagSelector.fixed(0x10)))
                                    .build());
            assertThatThrownBy(() -> env.execute("yomo-sink-at-least-once-stock"))
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains(
                                                    "YoMo sink 'results' has delivery guarantee"
                                                            + " AT_LEAST_ONCE, but the receiver at"
                                                            + " 127.0.0.1:"
                                                            + stock.port
                                                            + " did not grant acknowledgements")
                                            .contains("'sink.delivery-guarantee' = 'none'")
                                            .contains("'scan.acknowledgements' = 'on-checkpoint'")
                                            .contains("AcknowledgementsRefusedException"));
            assertThat(stock.queue.size()).as("nothing was written").isZero();
        }
    }

    /**
     * About 1 ms per number; fails once past half way after two completed checkpoints; records the
     * highest number before each barrier and checks, when the checkpoint completes, that the
     * receiver had acknowledged every number up to it.
     */
    static final class PacedFailOnce extends RichMapFunction<Long, Long>
            implements CheckpointedFunction, CheckpointListener {

        private long highest;

        @Override
        public void open(OpenContext context) {
            highest = 0;
        }

        @Override
        public Long map(Long n) throws Exception {
            Thread.sleep(1);
            if (n >= NUMBERS / 2
                    && COMPLETED_CHECKPOINTS.get() >= 2
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at number " + n);
            }
            highest = n;
            return n;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            HIGHEST_BEFORE_BARRIER.put(context.getCheckpointId(), highest);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            FIRST_CHECKPOINT_COMPLETED_AT.compareAndSet(0, System.currentTimeMillis());
            COMPLETED_CHECKPOINTS.incrementAndGet();
            Long before = HIGHEST_BEFORE_BARRIER.get(checkpointId);
            long acked = receiver.acknowledgedUpTo();
            if (before != null && acked < before) {
                VIOLATIONS.add(
                        "checkpoint "
                                + checkpointId
                                + " completed with numbers up to "
                                + before
                                + " written, but only up to "
                                + acked
                                + " acknowledged");
            }
        }
    }
}
