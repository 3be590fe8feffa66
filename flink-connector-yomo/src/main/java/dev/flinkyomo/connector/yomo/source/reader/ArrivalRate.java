package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

/**
 * The rate at which the fetcher takes frames, over the last 10 to 20 ms: the frames of the window
 * being filled and of the one before, divided by the time since the one before began.
 *
 * <p>It decides whether the fetch linger may hold frames back, which only pays at a sustained high
 * rate. It had been the frames found divided by the time since the previous look; a look often
 * comes microseconds after the last one (an empty look just before, or the next look right after a
 * hand-over), so a few frames that bunched up behind a stall of the sender, the listener or the
 * fetcher counted as a rate above 100k frames/s, and exactly the frames that were already late
 * waited another linger. Over 10 ms, such a burst counts at the rate it was sent at. Measured
 * (LatencyBenchmark at 10k frames/s, load 7 to 15 on 2 vCPUs, 2026-12-07): with the old test the
 * job with the linger off had the lower p99 in 5 of 5 rounds; with this one the default job had it
 * in 4 of 5 (BENCHMARKS.md, "Latency against a raw relay").
 */
@Internal
final class ArrivalRate {

    static final long WINDOW_NANOS = 10_000_000L;

    private long previousStart;
    private long previousFrames;
    private long currentStart;
    private long currentFrames;

    ArrivalRate(long nowNanos) {
        previousStart = nowNanos;
        currentStart = nowNanos;
    }

    /**
     * Records {@code frames} taken at {@code nowNanos}; returns frames per second over the current
     * and the previous window (a fresh reader: since it was created).
     */
    long taken(int frames, long nowNanos) {
        if (nowNanos - currentStart >= WINDOW_NANOS) {
            previousStart = currentStart;
            previousFrames = currentFrames;
            currentStart = nowNanos;
            currentFrames = 0;
        }
        currentFrames += frames;
        long span = Math.max(1, nowNanos - previousStart);
        return (previousFrames + currentFrames) * 1_000_000_000L / span;
    }
}
