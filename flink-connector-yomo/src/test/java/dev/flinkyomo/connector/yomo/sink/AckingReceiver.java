package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A receiver that acknowledges as a flink-yomo listener with {@code ON_CHECKPOINT} does, driven by
 * the test instead of a second job: the transport's listener with producer positions (the live
 * highest emitted sequence per producer), an "emitter" that drops resent duplicates (ACKS.md
 * Session 6), and "checkpoints" every {@code interval} that acknowledge everything emitted so far,
 * once {@link #startAcknowledging()} was called. Payloads are decimal numbers; it keeps how often
 * each number was emitted and which numbers are acknowledged (durable).
 */
public final class AckingReceiver implements AutoCloseable {

    public final YomoListener listener;
    public final int port;

    /** {@code <producer>@<ResumeAfter>} of each acknowledging handshake. */
    public final Queue<String> handshakes = new ConcurrentLinkedQueue<>();

    private final BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(100_000);
    private final Map<String, Long> emitted = new ConcurrentHashMap<>();
    private final Duration interval;
    private final Thread loop;
    private volatile boolean acknowledging;
    private volatile long acknowledgingSince;
    private volatile boolean closed;

    // guarded by this
    private final Map<Long, Integer> counts = new HashMap<>();
    private final Map<String, Deque<long[]>> unacked = new HashMap<>();
    private final BitSet acked = new BitSet();
    private long duplicatesDropped;
    private long unnumbered;

    public AckingReceiver(Duration interval) throws InterruptedException {
        this.interval = interval;
        listener =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("acking-receiver")
                                .host("127.0.0.1")
                                .port(0)
                                .udpBufferSize(0)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP,
                        producer -> {
                            long after = emitted.getOrDefault(producer, 0L);
                            handshakes.add(producer + "@" + after);
                            return after;
                        });
        port = listener.start().getPort();
        loop = new Thread(this::run, "acking-receiver");
        loop.setDaemon(true);
        loop.start();
    }

    public void startAcknowledging() {
        acknowledgingSince = System.currentTimeMillis();
        acknowledging = true;
    }

    /** When {@link #startAcknowledging()} was called (epoch ms), 0 before. */
    public long acknowledgingSince() {
        return acknowledgingSince;
    }

    private void run() {
        List<InboundFrame> batch = new ArrayList<>();
        long nextCheckpoint = System.nanoTime() + interval.toNanos();
        while (!closed) {
            try {
                batch.clear();
                queue.drainTo(batch, 1024, Duration.ofMillis(20));
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                for (InboundFrame f : batch) {
                    emit(f);
                }
            }
            if (System.nanoTime() - nextCheckpoint >= 0) {
                nextCheckpoint = System.nanoTime() + interval.toNanos();
                if (acknowledging) {
                    checkpoint();
                }
            }
        }
    }

    private void emit(InboundFrame f) {
        String producer = f.producerId();
        if (producer == null) {
            unnumbered++;
            return;
        }
        long highest = emitted.getOrDefault(producer, 0L);
        if (f.sequence() <= highest) {
            duplicatesDropped++;
            return;
        }
        emitted.put(producer, f.sequence());
        long n = Long.parseLong(new String(f.payload(), StandardCharsets.UTF_8));
        counts.merge(n, 1, Integer::sum);
        unacked.computeIfAbsent(producer, p -> new ArrayDeque<>())
                .add(new long[] {f.sequence(), n});
    }

    /** Everything emitted is "durable": acknowledge it. */
    private synchronized void checkpoint() {
        for (Map.Entry<String, Deque<long[]>> e : unacked.entrySet()) {
            long durable = emitted.getOrDefault(e.getKey(), 0L);
            Deque<long[]> frames = e.getValue();
            while (!frames.isEmpty() && frames.peekFirst()[0] <= durable) {
                acked.set((int) frames.pollFirst()[1]);
            }
            listener.acknowledge(e.getKey(), durable);
        }
    }

    /** The largest k such that every number 1..k is acknowledged. */
    public synchronized long acknowledgedUpTo() {
        return acked.nextClearBit(1) - 1L;
    }

    public synchronized Map<Long, Integer> counts() {
        return new HashMap<>(counts);
    }

    public synchronized long duplicatesDropped() {
        return duplicatesDropped;
    }

    public synchronized long unnumbered() {
        return unnumbered;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        loop.join(2000);
        listener.close();
    }
}
