package dev.flinkyomo.examples.testutil;

import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver of the acknowledgement extension on loopback, as a flink-yomo listener behaves with
 * checkpoints that complete at once: it keeps each producer's highest emitted sequence, drops
 * resent duplicates, and (when acknowledging) acknowledges each frame as soon as it is taken. A
 * "restart" is a new instance on the same port restored from {@link #positions()}.
 */
public final class AckingZipper implements AutoCloseable {

    private final BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(100_000);
    private final Map<String, Long> emitted = new ConcurrentHashMap<>();
    private final List<InboundFrame> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final YomoListener listener;
    private final boolean acknowledge;
    private final Thread drainer;
    private final int port;
    private volatile boolean closed;

    /**
     * @param port 0 for an ephemeral port
     * @param restored the producers' positions to resume from (a restart), or an empty map
     * @param acknowledge whether to acknowledge frames (false: grants, never acknowledges)
     */
    public AckingZipper(int port, Map<String, Long> restored, boolean acknowledge)
            throws InterruptedException {
        this.acknowledge = acknowledge;
        emitted.putAll(restored);
        listener =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("acking-zipper")
                                .host("127.0.0.1")
                                .port(port)
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP,
                        id -> emitted.getOrDefault(id, 0L));
        this.port = listener.start().getPort();
        drainer = new Thread(this::drain, "acking-zipper-drain");
        drainer.setDaemon(true);
        drainer.start();
    }

    private void drain() {
        List<InboundFrame> batch = new ArrayList<>();
        while (!closed) {
            batch.clear();
            try {
                queue.drainTo(batch, 1000, Duration.ofMillis(50));
            } catch (InterruptedException e) {
                return;
            }
            for (InboundFrame f : batch) {
                String producer = f.producerId();
                if (producer == null) {
                    received.add(f);
                    continue;
                }
                if (Long.compareUnsigned(f.sequence(), emitted.getOrDefault(producer, 0L)) <= 0) {
                    duplicates.incrementAndGet();
                    continue;
                }
                emitted.put(producer, f.sequence());
                received.add(f);
                if (acknowledge) {
                    listener.acknowledge(producer, f.sequence());
                }
            }
        }
    }

    public int port() {
        return port;
    }

    /** The frames taken (duplicates dropped), in arrival order. */
    public List<InboundFrame> received() {
        return List.copyOf(received);
    }

    /** Resent frames this receiver dropped as duplicates. */
    public int duplicates() {
        return duplicates.get();
    }

    /** Each producer's highest emitted sequence. */
    public Map<String, Long> positions() {
        return Map.copyOf(emitted);
    }

    /** Waits until {@code n} frames were taken or the timeout passed; returns them. */
    public List<InboundFrame> await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return received();
    }

    @Override
    public void close() throws InterruptedException {
        listener.close();
        closed = true;
        drainer.join(5_000);
    }
}
