package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import dev.flinkyomo.connector.yomo.AckTestJobs;
import dev.flinkyomo.connector.yomo.UdpRelay;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener job with acknowledging devices on every subtask is savepointed and restored with
 * another parallelism; each device then reconnects to a subtask with another index than before (as
 * behind a load balancer, or redirected from a port that no longer exists). The savepoint is an
 * intermediate one, so no acknowledgement went out for the frames it holds: a subtask that does not
 * know a device's restored position answers ResumeAfter 0 and the device resends all of them. Keyed
 * state must hold every number exactly once, and every device must end fully acknowledged.
 */
class YomoSourceRescaleITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    private static final int FRAMES = 400;
    private static final int DEVICES_PER_SUBTASK = 2;
    private static final ConcurrentHashMap<String, AtomicInteger> DISTINCT =
            new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, AtomicInteger> DUPLICATES =
            new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2, 1", "2, 3", "1, 2", "3, 2"})
    @Timeout(180)
    void everyFrameCountsOnceWhenDevicesLandOnOtherSubtasks(
            int before, int after, @TempDir Path savepoints) throws Exception {
        String name = "rescale-" + before + "-" + after;
        int devices = DEVICES_PER_SUBTASK * before;
        List<UdpRelay> relays = new ArrayList<>();
        List<YomoClient> clients = new ArrayList<>();
        List<JobClient> jobs = new ArrayList<>();
        try {
            // the job at parallelism `before`; device k dials subtask k % before
            JobClient first = start(name, name + "-a", before, null, Duration.ofHours(1));
            jobs.add(first);
            List<Integer> ports = boundPorts(name + "-a", before);
            for (int k = 0; k < devices; k++) {
                UdpRelay relay = new UdpRelay(ports.get(k % before));
                relays.add(relay);
                YomoClient client =
                        new YomoClient(
                                options(relay, name + "-dev-" + k), YomoClientListener.NO_OP);
                client.start().get(20, TimeUnit.SECONDS);
                assertThat(client.acknowledgementsGranted()).isTrue();
                clients.add(client);
            }
            send(clients, 1, FRAMES);
            awaitDistinct(name, devices * FRAMES);
            String savepoint =
                    first.triggerSavepoint(
                                    savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
            first.cancel().get(30, TimeUnit.SECONDS);
            jobs.remove(first);
            for (YomoClient c : clients) {
                assertThat(c.durableSequence())
                        .as("an intermediate savepoint acknowledges nothing: all frames buffered")
                        .isZero();
            }

            // restored at parallelism `after`; device k now lands on subtask (k + 1) % after
            JobClient second = start(name, name + "-b", after, savepoint, Duration.ofMillis(200));
            jobs.add(second);
            List<Integer> moved = boundPorts(name + "-b", after);
            for (int i = after; i < before; i++) {
                assertThat(YomoListenerRegistry.addressOf(name + "-b", i).getNow(null))
                        .as("the listener of index %d, beyond the new parallelism", i)
                        .isNull();
            }
            for (int k = 0; k < devices; k++) {
                relays.get(k).retarget(moved.get((k + 1) % after));
            }
            send(clients, FRAMES + 1, 2 * FRAMES);
            awaitDistinct(name, 2 * devices * FRAMES);
            for (YomoClient c : clients) {
                assertThat(c.awaitDurable(2 * FRAMES, Duration.ofSeconds(60)))
                        .as("every frame acknowledged (durable %d)", c.durableSequence())
                        .isTrue();
            }
            assertThat(DUPLICATES.get(name).get()).as("frames counted twice").isZero();
            assertThat(DISTINCT.get(name).get()).isEqualTo(2 * devices * FRAMES);
        } finally {
            for (JobClient job : jobs) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            clients.forEach(YomoClient::close);
            relays.forEach(UdpRelay::close);
        }
    }

    private static JobClient start(
            String test, String listener, int parallelism, String savepoint, Duration checkpoints)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) {
            SavepointRestoreSettings.toConfiguration(
                    SavepointRestoreSettings.forPath(savepoint), conf);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpoints.toMillis());
        env.fromSource(
                        AckTestJobs.acknowledgingListener(listener, 0),
                        WatermarkStrategy.noWatermarks(),
                        "yomo")
                .uid("yomo-source")
                .map(s -> Integer.parseInt(s))
                .uid("parse")
                .keyBy(n -> 0)
                .process(new CountOnce(test))
                .uid("count")
                .sinkTo(new DiscardingSink<>());
        return env.executeAsync(listener);
    }

    private static List<Integer> boundPorts(String listener, int parallelism) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            ports.add(
                    YomoListenerRegistry.addressOf(listener, i)
                            .get(60, TimeUnit.SECONDS)
                            .getPort());
        }
        return ports;
    }

    private static ClientOptions options(UdpRelay relay, String producer) {
        return ClientOptions.builder("127.0.0.1", relay.port(), producer, ClientType.SOURCE)
                .tls(TlsOptions.INSECURE_DEFAULT)
                .udpBufferSize(0)
                .idleTimeout(Duration.ofSeconds(3))
                .handshakeTimeout(Duration.ofSeconds(3))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .acknowledgements(AckOptions.of(producer).withRequired(true))
                .build();
    }

    /** Device k sends the numbers k * 10,000 + from .. to, in order. */
    private static void send(List<YomoClient> clients, int from, int to) {
        for (int i = from; i <= to; i++) {
            for (int k = 0; k < clients.size(); k++) {
                byte[] n = Integer.toString(k * 10_000 + i).getBytes(StandardCharsets.UTF_8);
                clients.get(k).write(new DataFrame(0x21, new byte[0], n));
            }
        }
        clients.forEach(YomoClient::flush);
    }

    private static void awaitDistinct(String test, int n) throws InterruptedException {
        AtomicInteger distinct = DISTINCT.computeIfAbsent(test, t -> new AtomicInteger());
        while (distinct.get() < n) {
            Thread.sleep(50);
        }
    }

    /** Keyed state holds the numbers seen; reports how many are distinct and how many repeated. */
    static final class CountOnce extends KeyedProcessFunction<Integer, Integer, String> {

        private final String test;
        private transient ValueState<byte[]> seen;

        CountOnce(String test) {
            this.test = test;
        }

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", byte[].class));
        }

        @Override
        public void processElement(Integer n, Context ctx, Collector<String> out) throws Exception {
            BitSet bits = seen.value() == null ? new BitSet() : BitSet.valueOf(seen.value());
            if (bits.get(n)) {
                DUPLICATES.computeIfAbsent(test, t -> new AtomicInteger()).incrementAndGet();
                return;
            }
            bits.set(n);
            seen.update(bits.toByteArray());
            DUPLICATES.computeIfAbsent(test, t -> new AtomicInteger());
            DISTINCT.computeIfAbsent(test, t -> new AtomicInteger()).set(bits.cardinality());
        }
    }
}
