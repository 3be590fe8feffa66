package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;

import java.io.Serializable;
import java.time.Duration;

/**
 * The buffer between a subtask's network endpoint and Flink.
 *
 * <p>It holds at most {@code frames} frames and about {@code bytes} bytes of them (payload,
 * metadata and object overhead) before reading stops and QUIC flow control pushes back on the
 * peers: the frame limit lets small frames flow in large batches, the byte limit keeps large frames
 * from filling the heap.
 *
 * <p>{@code fetchLinger}: when the fetcher finds several frames but not many while they arrive fast
 * (at least {@value #LINGER_FROM_RATE} a second), it waits this long for more before handing them
 * to the task. A batch then costs one hand-over instead of many (at 32 B frames from four clients,
 * 200 us to 500 us raised the job's throughput by about 15%). At lower rates frames are handed over
 * at once, so latency is as without lingering. Zero turns it off.
 */
@Internal
public record FrameQueueSettings(int frames, long bytes, Duration fetchLinger)
        implements Serializable {

    /**
     * The fetcher lingers when it finds at least this many frames at once (a rate that fills a
     * batch quickly), and fewer than {@link #LINGER_BELOW_FRAMES} (a batch not yet worth the
     * hand-over).
     */
    static final int LINGER_FROM_FRAMES = 8;

    /**
     * ... and only while frames arrive at least this fast over the last 10 to 20 ms ({@link
     * ArrivalRate}), so a low rate that happens to bunch up (a burst after a pause, taken in
     * pieces) is not held back.
     */
    static final long LINGER_FROM_RATE = 100_000;

    static final int LINGER_BELOW_FRAMES = 512;

    public FrameQueueSettings {
        if (frames < 1) {
            throw new IllegalArgumentException(
                    "queue capacity must be positive, got " + frames + " frames");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("queue byte limit must be positive, got " + bytes);
        }
        if (fetchLinger.isNegative()) {
            throw new IllegalArgumentException(
                    "fetch linger must not be negative, got " + fetchLinger);
        }
    }

    public BoundedFrameQueue<InboundFrame> newQueue() {
        return new BoundedFrameQueue<>(frames, bytes, InboundFrame::heapBytes);
    }
}
