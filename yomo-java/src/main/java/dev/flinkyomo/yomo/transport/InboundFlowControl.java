package dev.flinkyomo.yomo.transport;

import io.netty.channel.Channel;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Inbound backpressure of one QUIC stream, shared by the listener's session stream and the
 * client's: decoded frames are parked here and handed to a bounded consumer; when the consumer has
 * no room, the rest stays parked, reading stops ({@code autoRead=false}) and later bytes stay
 * undecoded in the stream's splitter. QUIC then stops extending the stream's flow-control credit
 * and the peer blocks. When the consumer has room again, the parked frames go first, in order,
 * decoding resumes and reading restarts. Nothing is dropped and nothing is delivered twice.
 *
 * <p>Event-loop confined, like the stream handler that owns it; only the consumer's "ready"
 * callback may come from another thread, and it moves back to the stream's event loop.
 *
 * @param <T> the frames handed to the consumer
 */
final class InboundFlowControl<T> {

    /** The stream handler's side: what to do on resume and when the stream has ended. */
    interface Reader {

        /** Decodes whatever whole frames are buffered, parking them with {@link #park}. */
        void decodeAvailable();

        /**
         * True while the stream must not be read: closing, a protocol error, or a pause of the
         * reader's own (which then restarts reading itself).
         */
        boolean stopped();

        /** The stream ended and nothing is parked any more: release its buffers. */
        void finish();
    }

    private static final int INITIAL_PARKED = 8;

    private final Channel stream;
    private final Predicate<Queue<T>> consumer;
    private final Consumer<Runnable> whenReady;
    private final Runnable onPause;
    private final Reader reader;

    /** Decoded frames not yet taken by the consumer. */
    private final ArrayDeque<T> parked;

    private boolean paused;
    private boolean ended;

    /**
     * @param consumer takes frames from the head of the queue it is given, in order, and returns
     *     true if it took them all (false leaves the rest in the queue)
     * @param whenReady registers a callback for when the consumer has room again (it may run at
     *     once, or on any thread)
     * @param onPause called each time reading pauses (for metrics)
     */
    InboundFlowControl(
            Channel stream,
            int expectedParked,
            Predicate<Queue<T>> consumer,
            Consumer<Runnable> whenReady,
            Runnable onPause,
            Reader reader) {
        this.stream = stream;
        // starts small and grows to expectedParked only on a busy stream: a listener keeps one per
        // connection, and a quiet device parks one frame at a time (a 256-slot deque was 1 KiB of
        // the 24.8 KiB heap per connection ConnectionScaleBenchmark measured for quiet devices)
        this.parked = new ArrayDeque<>(Math.min(expectedParked, INITIAL_PARKED));
        this.consumer = consumer;
        this.whenReady = whenReady;
        this.onPause = onPause;
        this.reader = reader;
    }

    /** Parks a decoded frame behind the others; it reaches the consumer at the next hand-over. */
    void park(T frame) {
        parked.add(frame);
    }

    int parkedCount() {
        return parked.size();
    }

    boolean isPaused() {
        return paused;
    }

    /**
     * Moves the parked frames to the consumer; what does not fit stays parked and reading pauses.
     */
    void handOver() {
        if (!paused && !parked.isEmpty() && !consumer.test(parked)) {
            pause();
        }
    }

    /**
     * The stream's input ended (or the stream closed). Frames parked before are still delivered:
     * when paused, {@link Reader#finish} runs only after the resume that delivers them.
     */
    void streamEnded() {
        ended = true;
        if (!paused) {
            reader.finish();
        }
    }

    private void pause() {
        paused = true;
        stream.config().setAutoRead(false);
        onPause.run();
        whenReady.accept(this::resumeOnEventLoop);
    }

    private void resumeOnEventLoop() {
        try {
            stream.eventLoop().execute(this::resume);
        } catch (RejectedExecutionException e) {
            // the event loop was shut down while paused: nothing left to resume
        }
    }

    private void resume() {
        if (!consumer.test(parked)) {
            whenReady.accept(this::resumeOnEventLoop); // still no room for all of them
            return;
        }
        paused = false;
        reader.decodeAvailable();
        handOver(); // no read burst is under way to complete
        if (paused) {
            return;
        }
        if (ended) {
            reader.finish();
        } else if (!reader.stopped()) {
            stream.config().setAutoRead(true); // also issues a read
        }
    }
}
