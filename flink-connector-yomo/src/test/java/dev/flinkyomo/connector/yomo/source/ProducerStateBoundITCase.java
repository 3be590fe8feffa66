package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 distinct acknowledging producer ids come and go over time (each a real QUIC connection:
 * connect, send a few frames, close), and the producer state stays bounded by the TTL: they connect
 * in waves of 1,000, and before the next wave the previous one, silent for longer than the 2 s TTL,
 * must have left the state. So the reader never tracks more than one wave although all 10,000 were
 * in it at some time; without the TTL it would hold all of them.
 *
 * <p>{@code producersTracked} counts the positions the next checkpoint holds before expiry, never
 * fewer than any checkpoint took (a checkpoint prunes the live table), so it bounds the state.
 */
class ProducerStateBoundITCase {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateBoundITCase.class);
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlotsReportingTo(REPORTER);

    /**
     * 2,000 by default: a real connection costs about 18 ms of this 2-core machine (55 a second,
     * client and listener side), so 10,000 take about 3.5 minutes ({@code -Dproducers=10000
     * -Dwave=1000} in surefire.argLine runs them).
     */
    private static final int PRODUCERS = Integer.getInteger("producers", 2_000);

    private static final int WAVE = Integer.getInteger("wave", 250);
    private static final int CLIENTS_IN_PARALLEL = 16;
    private static final int FRAMES_EACH = 3;
    private static final Duration TTL = Duration.ofSeconds(2);

    @Test
    @Timeout(600)
    void producersComingAndGoingNeverFillTheState() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        env.fromSource(
                        YomoSource.listener()
                                .setPayloadDeserializer(new SimpleStringSchema())
                                .setListenerName("state-bound")
                                .setHost("127.0.0.1")
                                .setPort(0)
                                .setTls(TlsOptions.INSECURE_DEFAULT)
                                .setUdpBufferSize(0)
                                .setPerDeviceWatermarks(false)
                                .setAcknowledgements(AcknowledgementMode.ON_CHECKPOINT)
                                .setProducerTtl(TTL)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "yomo")
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("state-bound");
        ExecutorService devices = Executors.newFixedThreadPool(CLIENTS_IN_PARALLEL);
        try {
            int port =
                    YomoListenerRegistry.addressOf("state-bound", 0)
                            .get(60, TimeUnit.SECONDS)
                            .getPort();
            Gauge<Integer> tracked = producersTracked(job.getJobID());
            long started = System.nanoTime();
            int peak = 0;
            for (int wave = 0; wave < PRODUCERS / WAVE; wave++) {
                AtomicInteger next = new AtomicInteger(wave * WAVE);
                int end = (wave + 1) * WAVE;
                AtomicInteger wavePeak = new AtomicInteger();
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < CLIENTS_IN_PARALLEL; t++) {
                    running.add(
                            devices.submit(
                                    () -> {
                                        for (int id = next.getAndIncrement();
                                                id < end;
                                                id = next.getAndIncrement()) {
                                            produce(port, "producer-" + id);
                                            wavePeak.accumulateAndGet(
                                                    tracked.getValue(), Math::max);
                                        }
                                        return null;
                                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
                // the wave is silent now: once the TTL has passed, a checkpoint drops all of it
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (tracked.getValue() > 0 && System.nanoTime() < deadline) {
                    wavePeak.accumulateAndGet(tracked.getValue(), Math::max);
                    Thread.sleep(20);
                }
                assertThat(tracked.getValue())
                        .as("producers of wave %d still tracked after they went silent", wave)
                        .isZero();
                assertThat(wavePeak.get())
                        .as("producers tracked during wave %d", wave)
                        .isPositive()
                        .isLessThanOrEqualTo(WAVE);
                peak = Math.max(peak, wavePeak.get());
            }
            LOG.warn(
                    "{} producers in {} s; at most {} tracked at once",
                    PRODUCERS,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                    peak);
        } finally {
            devices.shutdownNow();
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One device's life: connect with its own producer id, send, close once the listener has all.
     */
    private static void produce(int port, String producer) throws Exception {
        ClientOptions options =
                ClientOptions.builder("127.0.0.1", port, producer, ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .acknowledgements(AckOptions.of(producer).withRequired(true))
                        .build();
        try (YomoClient client = new YomoClient(options, YomoClientListener.NO_OP)) {
            client.start().get(20, TimeUnit.SECONDS);
            assertThat(client.acknowledgementsGranted()).isTrue();
            for (int i = 0; i < FRAMES_EACH; i++) {
                client.write(
                        new DataFrame(
                                0x21, new byte[0], producer.getBytes(StandardCharsets.UTF_8)));
            }
            client.flush();
            // acknowledged = emitted and in a completed checkpoint: the producer was in the state
            assertThat(client.awaitDurable(FRAMES_EACH, Duration.ofSeconds(20)))
                    .as("%s's frames acknowledged", producer)
                    .isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private static Gauge<Integer> producersTracked(JobID job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Map<String, Metric> found = REPORTER.findMetrics(job, "producersTracked");
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                assertThat(found).as("the producersTracked gauge").hasSize(1);
                return (Gauge<Integer>) found.values().iterator().next();
            }
            Thread.sleep(50);
        }
    }
}
