package dev.flinkyomo.yomo.transport;

import io.netty.channel.EventLoop;

import java.util.Queue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's share of its listener's {@link ListenerMemory}: what it holds beyond its 64 KiB
 * allowance (a splitter array sized for a large frame, frames parked while the queue is full), the
 * grant for a large frame, and that frame's deadline. Event-loop confined.
 */
final class ConnectionMemory {

    private final ListenerMemory memory;
    private final EventLoop loop;
    private final long frameTimeoutMillis;
    private long charged;
    private long parkedBytes;
    private boolean frameGranted;
    private ScheduledFuture<?> frameDeadline;

    ConnectionMemory(ListenerMemory memory, EventLoop loop, long frameTimeoutMillis) {
        this.memory = memory;
        this.loop = loop;
        this.frameTimeoutMillis = frameTimeoutMillis;
    }

    /**
     * Called when the splitter needs more bytes: a frame larger than the allowance may be received
     * only with its whole length granted. Returns 0 when reading may go on, else the bytes the
     * connection waits for (it must stop reading until {@link ListenerMemory#whenAvailable}).
     *
     * @param onTimeout run on the event loop if a granted frame is still incomplete at its deadline
     */
    long admit(Y3FrameSplitter splitter, Runnable onTimeout) {
        int pending = splitter.pendingFrameLength();
        if (pending <= ListenerMemoryPlan.CONNECTION_ALLOWANCE || frameGranted) {
            return 0;
        }
        long wanted = held(pending);
        if (!memory.tryGrant(wanted - charged)) {
            return wanted - charged;
        }
        charged = wanted;
        frameGranted = true;
        splitter.reserveFrame(pending);
        frameDeadline = loop.schedule(onTimeout, frameTimeoutMillis, TimeUnit.MILLISECONDS);
        return 0;
    }

    /** A whole frame came out of the splitter: a granted frame is complete. */
    void frameDone() {
        if (frameGranted) {
            frameGranted = false;
            frameDeadline.cancel(false);
            frameDeadline = null;
        }
    }

    void parked(InboundFrame frame) {
        parkedBytes += frame.heapBytes();
    }

    /** The queue took some or all parked frames; {@code remaining} are still parked. */
    void handedOver(Queue<InboundFrame> remaining) {
        long bytes = 0;
        for (InboundFrame f : remaining) {
            bytes += f.heapBytes();
        }
        parkedBytes = bytes;
    }

    /** Brings the charge in line with what the connection holds now (gives back, or overdraws). */
    void settle(Y3FrameSplitter splitter) {
        long now = held(splitter.capacity());
        memory.charge(now - charged);
        charged = now;
    }

    /** The connection is gone: everything goes back. */
    void release() {
        frameDone();
        memory.charge(-charged);
        charged = 0;
        parkedBytes = 0;
    }

    private long held(long splitterBytes) {
        return Math.max(0, splitterBytes - ListenerMemoryPlan.CONNECTION_ALLOWANCE) + parkedBytes;
    }
}
