package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.Routing;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.LegacyFrameCodec;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream function (client type 0x5D) connected to a listener: what it observes, and its stream,
 * to which {@link ConnectedFunctions} writes the frames routed to it from any thread. A write waits
 * while the stream is above Netty's high water mark (Netty counts a write handed over from another
 * thread towards it at once), so the memory held for a slow function is bounded by that mark plus
 * one frame.
 *
 * <p>A function of the 2021 protocol that names no observed tags (yomo v1.5's SDK filters on its
 * side) is sent every frame that protocol can carry (tags 0x00-0x3F), as a v1.5 zipper sent it
 * every frame; v1.6's handshake names its tags, and they are used.
 */
final class FunctionSession {

    final ConnectionInfo info;
    final List<Long> observedTags;
    final String wantedTarget;

    /** Its place in the workflow's order; {@link Integer#MAX_VALUE} where there is no order. */
    final int position;

    /** The 2021 protocol without observed tags: the function filters on its side. */
    final boolean filtersItself;

    private final boolean legacy;

    private final Set<Long> observed;
    private final ServerConnection conn;
    private final Channel stream;
    private final FrameCodec codec;
    private final AtomicLong delivered = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean ended;

    FunctionSession(
            ConnectionInfo info,
            List<Long> observedTags,
            String wantedTarget,
            int position,
            ServerConnection conn,
            Channel stream,
            FrameCodec codec) {
        this.info = info;
        this.observedTags = List.copyOf(observedTags);
        this.observed = Set.copyOf(observedTags);
        this.wantedTarget = wantedTarget;
        this.position = position;
        this.legacy = codec.generation() == ProtocolGeneration.LEGACY_2021;
        this.filtersItself = legacy && observedTags.isEmpty();
        this.conn = conn;
        this.stream = stream;
        this.codec = codec;
    }

    /**
     * YoMo's rule ({@link Routing}): observes the tag, the target (if any) is the wanted one, and
     * the function comes after the {@code writer} in the workflow's order; the frame's tag must be
     * one the function's protocol carries.
     */
    boolean accepts(long tag, String target, int writer) {
        boolean carried = !legacy || tag <= LegacyFrameCodec.MAX_TAG;
        boolean observes = carried && (filtersItself || observed.contains(tag));
        return Routing.accepts(observes, target, wantedTarget) && Routing.follows(writer, position);
    }

    /**
     * Waits until the stream takes more or the session ended; false on timeout or end.
     *
     * @param deadline a {@link System#nanoTime()} value
     */
    boolean awaitWritable(long deadline) throws InterruptedException {
        if (stream.isWritable() && !ended) {
            return true;
        }
        lock.lock();
        try {
            while (!ended && !stream.isWritable()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return !ended;
        } finally {
            lock.unlock();
        }
    }

    /** Any thread; the frame goes out in the stream's order of writes. */
    void write(DataFrame frame) {
        stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(frame)), stream.voidPromise());
        delivered.incrementAndGet();
    }

    long delivered() {
        return delivered.get();
    }

    boolean ended() {
        return ended;
    }

    /** Event loop: the stream's writability changed. */
    void writabilityChanged() {
        signal();
    }

    /** Event loop: the session is over; waiting writers give up. */
    void end() {
        ended = true;
        signal();
    }

    /** Any thread: closes a function that did not read for {@code millis}. */
    void closeAsTooSlow(long millis) {
        stream.eventLoop()
                .execute(
                        () ->
                                conn.fail(
                                        "stream function did not read its frames for "
                                                + millis
                                                + " ms (function-write-timeout); it may"
                                                + " reconnect",
                                        false));
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    ConnectedFunction describe() {
        return new ConnectedFunction(
                info.clientName(),
                info.clientId(),
                observedTags,
                wantedTarget,
                info.remoteAddress(),
                delivered.get());
    }
}
