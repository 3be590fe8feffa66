package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.source.reader.DecodeErrorPolicy;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.CloseReason;
import dev.flinkyomo.yomo.transport.RawQuicPeer;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak test of the untrusted-devices work, bounded to about a minute: good devices send at a
 * steady rate to a Flink job's listener while hostile clients hit the same listener the whole time
 * (garbage bytes, floods of connections that never send a handshake, first frames announcing
 * megabytes, slowloris frames trickled a byte at a time, payloads that do not decode). Every good
 * frame must arrive exactly once and in order, every hostile kind must be turned away with a
 * reason, and the heap must stay within the listener's memory budget. It prints what it saw.
 */
class HostileClientsSoakITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final String LISTENER = "soak";
    private static final long BUDGET = 64L * 1024 * 1024;
    private static final int DEVICES = 6;
    private static final int RATE_PER_DEVICE = 40; // frames a second
    private static final Duration SOAK = Duration.ofSeconds(40);

    /** Good readings seen by the job, by device: the next sequence number expected. */
    static final Map<String, Integer> NEXT = new ConcurrentHashMap<>();

    static final AtomicLong OUT_OF_ORDER = new AtomicLong();
    static final AtomicLong REFUSED_PAYLOADS = new AtomicLong();

    private final Map<String, AtomicLong> closes = new ConcurrentHashMap<>();
    private final List<String> sampleReasons = new CopyOnWriteArrayList<>();
    private final AtomicBoolean soaking = new AtomicBoolean(true);

    /** A reading is "good|device|seq"; anything else fails to decode. */
    static final class StrictReadings extends AbstractDeserializationSchema<String> {
        @Override
        public String deserialize(byte[] message) throws IOException {
            String s = new String(message, StandardCharsets.UTF_8);
            String[] parts = s.split("\\|");
            if (parts.length != 3 || !parts[0].equals("good")) {
                REFUSED_PAYLOADS.incrementAndGet();
                throw new IOException("not a reading");
            }
            return s;
        }
    }

    @Test
    @Timeout(150)
    void goodDevicesLoseNothingWhileHostileClientsHitTheSameListener() throws Exception {
        NEXT.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(
                        YomoSource.listener()
                                .setPayloadDeserializer(new StrictReadings())
                                .setListenerName(LISTENER)
                                .setHost("127.0.0.1")
                                .setPort(0)
                                .setTls(TlsOptions.INSECURE_DEFAULT)
                                .setUdpBufferSize(0)
                                .setMaxConnections(64)
                                .setMaxPendingConnections(32)
                                .setMemoryBudget(BUDGET)
                                .setFrameTimeout(Duration.ofSeconds(3))
                                .setHandshakeTimeout(Duration.ofSeconds(1))
                                .setMaxFrameSize(4 * 1024 * 1024)
                                .setDecodeErrorPolicy(DecodeErrorPolicy.SKIP)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "yomo")
                .map(HostileClientsSoakITCase::count)
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("hostile-soak");
        InetSocketAddress address =
                YomoListenerRegistry.addressOf(LISTENER, 0).get(30, TimeUnit.SECONDS);

        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long baseline = heapAfterGc(memory);
            AtomicLong peak = new AtomicLong();
            Future<?> heap =
                    pool.submit(
                            () -> {
                                while (soaking.get()) {
                                    peak.accumulateAndGet(
                                            heapAfterGc(memory) - baseline, Math::max);
                                    sleep(1000);
                                }
                            });
            List<Future<Integer>> devices = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                String name = "device-" + d;
                devices.add(pool.submit(() -> runDevice(address, name)));
            }
            List<Future<?>> hostile = new ArrayList<>();
            hostile.add(pool.submit(() -> repeat("garbage", 300, () -> garbage(address))));
            hostile.add(pool.submit(() -> repeat("flood", 2000, () -> flood(address, pool))));
            hostile.add(pool.submit(() -> repeat("oversized", 500, () -> oversized(address))));
            hostile.add(pool.submit(() -> repeat("slowloris", 500, () -> slowloris(address))));
            hostile.add(pool.submit(() -> badPayloads(address)));

            int sent = 0;
            for (Future<Integer> d : devices) {
                sent += d.get(SOAK.toSeconds() + 30, TimeUnit.SECONDS);
            }
            soaking.set(false);
            for (Future<?> h : hostile) {
                h.get(30, TimeUnit.SECONDS);
            }
            heap.get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received() < sent && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            System.out.printf(
                    "hostile soak: %d good frames sent by %d devices, %d received, %d out of order;"
                            + " %d bad payloads refused by the job; hostile connections closed: %s;"
                            + " peak heap growth after GC %d MiB (budget %d MiB); reasons seen: %s%n",
                    sent,
                    DEVICES,
                    received(),
                    OUT_OF_ORDER.get(),
                    REFUSED_PAYLOADS.get(),
                    closes,
                    peak.get() >> 20,
                    BUDGET >> 20,
                    sampleReasons);
            assertThat(received()).as("good frames received").isEqualTo(sent);
            assertThat(OUT_OF_ORDER.get()).isZero();
            assertThat(REFUSED_PAYLOADS.get()).as("bad payloads skipped").isPositive();
            assertThat(closes.keySet())
                    .as("every hostile kind was turned away")
                    .contains("garbage", "flood", "oversized", "slowloris");
            assertThat(peak.get()).as("heap growth within the budget").isLessThan(BUDGET);
        } finally {
            soaking.set(false);
            pool.shutdownNow();
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static String count(String reading) {
        String[] parts = reading.split("\\|");
        int seq = Integer.parseInt(parts[2]);
        int expected = NEXT.getOrDefault(parts[1], 0);
        if (seq != expected) {
            OUT_OF_ORDER.incrementAndGet();
        }
        NEXT.put(parts[1], seq + 1);
        return reading;
    }

    private static long received() {
        return NEXT.values().stream().mapToLong(Integer::longValue).sum();
    }

    private int runDevice(InetSocketAddress address, String name) throws Exception {
        try (YomoClient client = new YomoClient(client(address, name), YomoClientListener.NO_OP)) {
            client.start().get(20, TimeUnit.SECONDS);
            long end = System.nanoTime() + SOAK.toNanos();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / RATE_PER_DEVICE;
            int seq = 0;
            for (long next = System.nanoTime(); next < end; next += periodNanos) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String payload = "good|" + name + "|" + seq++;
                client.send(
                        new DataFrame(0x21, new byte[0], payload.getBytes(StandardCharsets.UTF_8)));
            }
            client.flush();
            client.closeGracefully(Duration.ofSeconds(20));
            return seq;
        }
    }

    private static ClientOptions client(InetSocketAddress address, String name) {
        return ClientOptions.builder("127.0.0.1", address.getPort(), name, ClientType.SOURCE)
                .tls(TlsOptions.INSECURE_DEFAULT)
                .udpBufferSize(0)
                .build();
    }

    private void repeat(String kind, long pauseMillis, Attack attack) {
        while (soaking.get()) {
            try {
                CloseReason r = attack.run();
                if (r != null) {
                    closes.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                    if (sampleReasons.stream().noneMatch(s -> s.startsWith(kind))) {
                        sampleReasons.add(kind + ": " + r.reason());
                    }
                }
            } catch (Exception e) {
                // a connection refused outright (e.g. at the connection limit) also turns it away
                closes.computeIfAbsent(kind + " (refused)", k -> new AtomicLong())
                        .incrementAndGet();
            }
            sleep(pauseMillis);
        }
    }

    interface Attack {
        CloseReason run() throws Exception;
    }

    private static CloseReason garbage(InetSocketAddress address) throws Exception {
        byte[] junk = new byte[64];
        new Random().nextBytes(junk);
        junk[0] = (byte) 0xB1; // looks like a handshake, then nonsense
        try (RawQuicPeer p = RawQuicPeer.connect(address, YomoProtocol.ALPN)) {
            p.write(junk);
            return p.awaitClose();
        }
    }

    /** Thirty connections that never send a handshake, all at once. */
    private static CloseReason flood(InetSocketAddress address, ExecutorService pool)
            throws Exception {
        List<Future<CloseReason>> peers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            peers.add(
                    pool.submit(
                            () -> {
                                try (RawQuicPeer p =
                                        RawQuicPeer.connect(address, YomoProtocol.ALPN)) {
                                    return p.awaitClose();
                                }
                            }));
        }
        CloseReason last = null;
        for (Future<CloseReason> f : peers) {
            try {
                last = f.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // refused outright
            }
        }
        return last;
    }

    /** A handshake frame whose header announces 2 MiB; only its first bytes are sent. */
    private static CloseReason oversized(InetSocketAddress address) throws Exception {
        char[] name = new char[2 * 1024 * 1024];
        Arrays.fill(name, 'x');
        byte[] frame =
                FinalFrameCodec.INSTANCE.encode(
                        HandshakeFrame.of(new String(name), "id", ClientType.SOURCE));
        try (RawQuicPeer p = RawQuicPeer.connect(address, YomoProtocol.ALPN)) {
            p.write(Arrays.copyOf(frame, 64));
            return p.awaitClose();
        }
    }

    /** A proper handshake, then a 1 MiB frame sent a few bytes a second. */
    private CloseReason slowloris(InetSocketAddress address) throws Exception {
        byte[] frame =
                FinalFrameCodec.INSTANCE.encode(
                        new DataFrame(0x21, new byte[0], new byte[1024 * 1024]));
        try (RawQuicPeer p = RawQuicPeer.connect(address, YomoProtocol.ALPN)) {
            p.write(
                    FinalFrameCodec.INSTANCE.encode(
                            HandshakeFrame.of("slowloris", "slow", ClientType.SOURCE)));
            for (int i = 0; i < 200 && p.isOpen() && soaking.get(); i++) {
                p.write(Arrays.copyOfRange(frame, i * 8, i * 8 + 8));
                Thread.sleep(100);
            }
            return p.isOpen() ? null : p.awaitClose();
        }
    }

    /** An authenticated device whose payloads do not decode, 20 a second. */
    private Void badPayloads(InetSocketAddress address) throws Exception {
        try (YomoClient client =
                new YomoClient(client(address, "broken-firmware"), YomoClientListener.NO_OP)) {
            client.start().get(20, TimeUnit.SECONDS);
            while (soaking.get()) {
                client.send(
                        new DataFrame(
                                0x21,
                                new byte[0],
                                "\u0007garbage".getBytes(StandardCharsets.UTF_8)));
                Thread.sleep(50);
            }
        }
        return null;
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
