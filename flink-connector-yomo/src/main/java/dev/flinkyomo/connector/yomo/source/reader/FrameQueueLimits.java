package dev.flinkyomo.connector.yomo.source.reader;

import dev.flinkyomo.connector.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.connector.yomo.transport.InboundFrame;
import java.io.Serializable;

/**
 * How much a subtask buffers between the network and Flink before reading stops and QUIC flow
 * control pushes back on the peers: at most {@code frames} frames and about {@code bytes} bytes of
 * them (payload, metadata and object overhead). The frame limit lets small frames flow in large
 * batches; the byte limit keeps large frames from filling the heap.
 */
public record FrameQueueLimits(int frames, long bytes) implements Serializable {

    public FrameQueueLimits {
        if (frames < 1) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + frames + " frames");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("queue byte limit must be positive, got " + bytes);
        }
    }

    public BoundedFrameQueue<InboundFrame> newQueue() {
        return new BoundedFrameQueue<>(frames, bytes, InboundFrame::heapBytes);
    }
}
