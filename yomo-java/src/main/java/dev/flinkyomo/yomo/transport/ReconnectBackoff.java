package dev.flinkyomo.yomo.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The delay before redialling a lost connection: starts at the initial backoff, doubles with every
 * loss up to the maximum, and starts over once a connection is acknowledged. Each delay is drawn
 * from its upper half ("equal jitter"): when a zipper restarts, every device and sink connected to
 * it loses its connection at the same moment, and without jitter they would all redial in the same
 * millisecond, again and again. Event-loop confined.
 */
final class ReconnectBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private final LongUnaryOperator jitter;
    private long nextMillis;

    ReconnectBackoff(Duration initial, Duration max) {
        this(initial, max, ReconnectBackoff::equalJitter);
    }

    /** With {@code jitter} turning the schedule's delay into the one used (tests: identity). */
    ReconnectBackoff(Duration initial, Duration max, LongUnaryOperator jitter) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.nextMillis = initialMillis;
    }

    /**
     * The delay before the next redial, between half and all of the scheduled one; the schedule
     * doubles with every call, up to the maximum.
     */
    long nextDelayMillis() {
        long scheduled = nextMillis;
        nextMillis = Math.min(nextMillis * 2, maxMillis);
        return jitter.applyAsLong(scheduled);
    }

    /** A connection was acknowledged: the next loss is redialled after the initial backoff. */
    void reset() {
        nextMillis = initialMillis;
    }

    /** Uniform in {@code [delay / 2, delay]}. */
    static long equalJitter(long delay) {
        long half = delay / 2;
        return half + ThreadLocalRandom.current().nextLong(delay - half + 1);
    }
}
