package dev.flinkyomo.examples.testutil;

import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A YoMo listener on an ephemeral loopback port that collects what sources send. */
public final class TestZipper implements AutoCloseable {

    private final BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(100_000);
    private final YomoListener listener;
    private final int port;

    public TestZipper() throws InterruptedException {
        listener =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("test-zipper")
                                .host("127.0.0.1")
                                .port(0)
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP);
        port = listener.start().getPort();
    }

    public int port() {
        return port;
    }

    /**
     * Waits until {@code n} frames arrived (or the timeout passed) and returns them in arrival
     * order.
     */
    public List<InboundFrame> await(int n, Duration timeout) throws InterruptedException {
        List<InboundFrame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.size() < n && System.nanoTime() < deadline) {
            queue.drainTo(frames, n - frames.size(), Duration.ofMillis(100));
        }
        return frames;
    }

    @Override
    public void close() {
        listener.close();
    }
}
