package dev.flinkyomo.connector.yomo.source.reader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetcher's arrival rate, on a clock the test sets. */
class ArrivalRateTest {

    private static final long MS = 1_000_000L;

    @Test
    void aBurstTakenInPiecesAfterAPauseCountsAtTheRateItWasSentAt() {
        ArrivalRate rate = new ArrivalRate(0);
        for (long t = 0; t < 300 * MS; t += MS) {
            rate.taken(10, t); // 10k frames/s
        }
        rate.taken(0, 300 * MS); // an empty look, then a stall of 5 ms
        rate.taken(30, 305 * MS);
        // the rest of the bunched-up frames, 5 us later: 20 frames in 5 us would be 4 M/s
        long r = rate.taken(20, 305 * MS + 5_000);
        assertThat(r).isBetween(5_000L, 20_000L).isLessThan(FrameQueueSettings.LINGER_FROM_RATE);
    }

    @Test
    void aSustainedHighRateIsMeasuredAsSuch() {
        ArrivalRate rate = new ArrivalRate(0);
        long r = 0;
        for (long t = 250_000; t <= 100 * MS; t += 250_000) {
            r = rate.taken(50, t); // 200k frames/s in takes of 50
        }
        assertThat(r).isBetween(180_000L, 220_000L);
    }

    @Test
    void aPauseEndsAHighRate() {
        ArrivalRate rate = new ArrivalRate(0);
        for (long t = 250_000; t <= 100 * MS; t += 250_000) {
            rate.taken(50, t);
        }
        rate.taken(0, 120 * MS);
        assertThat(rate.taken(10, 140 * MS)).isLessThan(FrameQueueSettings.LINGER_FROM_RATE);
    }
}
