package dev.flinkyomo.benchmarks.connector;

import dev.flinkyomo.benchmarks.harness.BenchmarkSettings;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One latency round: a YoMo source sends frames at a fixed rate, each stamped with {@code
 * System.nanoTime()}, its sequence number and the round, and flushed on its own; a collector takes
 * them from the peer's queue and records arrival minus stamp for frames after the warm-up. Frames
 * of an earlier round that arrive late are skipped, so rounds on one peer do not mix.
 *
 * <p>The path in between stamps the frame once more on its way ({@link #stampMidpoint}: the job's
 * task thread, the relay's receiving event loop), which splits each latency into the leg before
 * that point and the leg after it: where a tail comes from, per side.
 */
final class FixedRateProbe {

    static final int PAYLOAD = 32;

    /**
     * Where the midpoint stamp goes: the payload's fourth long (sent, sequence, round, midpoint).
     */
    private static final int MIDPOINT = 24;

    /** Each measured frame's latency, and the same split at the midpoint stamp (nanoseconds). */
    record Latencies(long[] total, long[] upstream, long[] downstream) {}

    /** A copy of a probe payload with the midpoint stamped now. */
    static byte[] stampMidpoint(byte[] payload) {
        byte[] stamped = payload.clone();
        ByteBuffer.wrap(stamped).putLong(MIDPOINT, System.nanoTime());
        return stamped;
    }

    private final BenchmarkSettings settings;
    private final int rate;
    private final BoundedFrameQueue<InboundFrame> received;

    FixedRateProbe(BenchmarkSettings settings, int rate, BoundedFrameQueue<InboundFrame> received) {
        this.settings = settings;
        this.rate = rate;
        this.received = received;
    }

    /** Sends one round to {@code port}; returns the measured latencies in nanoseconds. */
    Latencies run(int port, long round) throws Exception {
        received.drainTo(new ArrayList<>(), Integer.MAX_VALUE, Duration.ZERO); // late frames
        long total = (settings.warmup().toMillis() + settings.measure().toMillis()) * rate / 1000;
        long warm = settings.warmup().toMillis() * rate / 1000;
        List<long[]> measured = new ArrayList<>((int) (total - warm));
        Thread collector =
                new Thread(() -> collect(round, total, warm, measured), "latency-collector");
        collector.start();
        ClientOptions options =
                ClientOptions.builder("127.0.0.1", port, "latency-source", ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .build();
        byte[] md =
                MetadataCodec.encode(Map.of("yomo-tid", "t", "yomo-source-id", "latency-source"));
        try (YomoClient client = new YomoClient(options, YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] payload =
                        ByteBuffer.allocate(PAYLOAD)
                                .putLong(System.nanoTime())
                                .putLong(i)
                                .putLong(round)
                                .array();
                client.send(new DataFrame(0x33, md, payload));
            }
            collector.join(Duration.ofSeconds(30).toMillis());
        }
        return new Latencies(
                measured.stream().mapToLong(m -> m[0]).toArray(),
                measured.stream().mapToLong(m -> m[1]).toArray(),
                measured.stream().mapToLong(m -> m[2]).toArray());
    }

    /** Per frame: total, sent-to-midpoint and midpoint-to-arrival. */
    private void collect(long round, long total, long warm, List<long[]> out) {
        List<InboundFrame> batch = new ArrayList<>();
        long seen = 0;
        try {
            while (seen < total) {
                batch.clear();
                if (received.drainTo(batch, 1024, Duration.ofSeconds(5)) == 0) {
                    System.err.printf("no frame for 5 s after %d of %d; stopping%n", seen, total);
                    return;
                }
                long now = System.nanoTime();
                for (InboundFrame f : batch) {
                    ByteBuffer p = ByteBuffer.wrap(f.payload());
                    long sent = p.getLong();
                    long seq = p.getLong();
                    if (p.getLong() != round) {
                        continue;
                    }
                    long midpoint = p.getLong();
                    if (seq >= warm) {
                        out.add(new long[] {now - sent, midpoint - sent, now - midpoint});
                    }
                    seen++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
