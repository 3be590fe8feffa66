package dev.flinkyomo.yomo.transport;

import java.time.Duration;

/**
 * The delay before redialling a lost connection: starts at the initial backoff, doubles with every
 * loss up to the maximum, and starts over once a connection is acknowledged. Event-loop confined.
 */
final class ReconnectBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    ReconnectBackoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    /** The delay before the next redial; the one after it is twice as long, up to the maximum. */
    long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(nextMillis * 2, maxMillis);
        return delay;
    }

    /** A connection was acknowledged: the next loss is redialled after the initial backoff. */
    void reset() {
        nextMillis = initialMillis;
    }
}
