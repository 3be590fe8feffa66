package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The transport's own listener on 127.0.0.1, standing in for a zipper the sink writes to. */
public final class TestListener implements AutoCloseable {

    public final BoundedFrameQueue<InboundFrame> queue;
    public final YomoListener listener;
    public final int port;

    public TestListener(int queueCapacity, UnaryOperator<ListenerOptions.Builder> options)
            throws InterruptedException {
        queue = new BoundedFrameQueue<>(queueCapacity);
        listener =
                new YomoListener(
                        options.apply(
                                        ListenerOptions.builder()
                                                .name("test-zipper")
                                                .host("127.0.0.1")
                                                .port(0)
                                                .udpBufferSize(0)
                                                .tls(TlsOptions.INSECURE_DEFAULT))
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP);
        port = listener.start().getPort();
    }

    public TestListener() throws InterruptedException {
        this(100_000, b -> b);
    }

    /** Drains until {@code n} frames arrived or {@code timeout} passed. */
    public List<InboundFrame> take(int n, Duration timeout) throws InterruptedException {
        List<InboundFrame> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            queue.drainTo(out, n - out.size(), Duration.ofMillis(50));
        }
        return out;
    }

    /** Frames that arrive within {@code quiet} after the last one (to prove nothing extra came). */
    public List<InboundFrame> takeRest(Duration quiet) throws InterruptedException {
        List<InboundFrame> out = new ArrayList<>();
        while (queue.drainTo(out, Integer.MAX_VALUE, quiet) > 0) {
            // keep draining until a quiet period passes
        }
        return out;
    }

    @Override
    public void close() {
        listener.close();
    }
}
