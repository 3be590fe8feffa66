package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
    private static final Queue<String> RESULTS = new ConcurrentLinkedQueue<>();

    @Test
    @Timeout(150)
    void everyNumberCountsOnceInTheReceiversStateAcrossItsFailover() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));

        StreamExecutionEnvironment b = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        b.enableCheckpointing(200);
        b.setParallelism(1);
        b.fromSource(
                        YomoSource.listener()
                                .setPayloadDeserializer(new SimpleStringSchema())
                                .setListenerName("mesh-b")
                                .setHost("127.0.0.1")
                                .setPort(port)
                                .setTls(TlsOptions.INSECURE_DEFAULT)
                                .setUdpBufferSize(0)
                                .setAcknowledgements(AcknowledgementMode.ON_CHECKPOINT)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "yomo")
                .map(YomoSinkIntoAcknowledgingListenerITCase::failOnceHalfway)
                .keyBy(n -> 0)
                .process(new CountEachOnce())
                .sinkTo(new DiscardingSink<>());
        JobClient jobB = b.executeAsync("mesh-b");
        try {
            YomoListenerRegistry.addressOf("mesh-b", 0).get(30, TimeUnit.SECONDS);

            StreamExecutionEnvironment a = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            // well above B's interval: each checkpoint of A waits for B's next one
            a.enableCheckpointing(1000);
            a.setParallelism(1);
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

    private static long failOnceHalfway(String payload) {
        long n = Long.parseLong(payload);
        if (n == NUMBERS / 2 && RECEIVER_FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure of the receiver at " + n);
        }
        return n;
    }

    /** Keyed state holds which numbers it saw; reports once all are there, with the repeats. */
    static final class CountEachOnce extends KeyedProcessFunction<Integer, Long, String> {

        private transient ValueState<byte[]> seen;
        private transient ValueState<Integer> duplicates;

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", byte[].class));
            duplicates =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("duplicates", Integer.class));
        }

        @Override
        public void processElement(Long n, Context ctx, Collector<String> out) throws Exception {
            BitSet bits = seen.value() == null ? new BitSet() : BitSet.valueOf(seen.value());
            int dups = duplicates.value() == null ? 0 : duplicates.value();
            if (bits.get(n.intValue())) {
                dups++;
                duplicates.update(dups);
            }
            bits.set(n.intValue());
            seen.update(bits.toByteArray());
            if (bits.cardinality() == NUMBERS && !bits.get(0)) {
                RESULTS.add("count=" + bits.cardinality() + " duplicates=" + dups);
            }
        }
    }
}
