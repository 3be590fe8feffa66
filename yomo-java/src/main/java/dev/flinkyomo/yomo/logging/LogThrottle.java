package dev.flinkyomo.yomo.logging;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Decides which of a stream of events gets a log line: the first at once, then at most one per
 * interval, counting the events skipped in between, so a device sending garbage thousands of times
 * a second cannot flood the task log. Shared by the listener's connection refusals, the source's
 * decode errors, the sink's drops and refusals and the bridge's failing stages, so it lives in the
 * lowest module they all see (public API, though small). Thread-safe: a listener's event loops
 * share one; the lock is uncontended on the task threads that own the others.
 */
@PublicEvolving
public final class LogThrottle {

    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    public LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Records one event: -1 when it gets no line (it is counted), else how many events got none
     * since the last line (then the count starts over).
     */
    public synchronized long admit() {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return -1;
        }
        long skipped = suppressed;
        suppressed = 0;
        logged = true;
        lastNanos = now;
        return skipped;
    }

    /**
     * Starts over, as if new: the next event gets a line at once and the skipped count begins at
     * zero (a new outage, say, whose line should not count the last one's).
     */
    public synchronized void restart() {
        logged = false;
        suppressed = 0;
    }
}
