package dev.flinkyomo.yomo.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogThrottleTest {

    @Test
    void firstEventAtOnceThenOneLinePerIntervalCountingTheRest() throws Exception {
        LogThrottle t = new LogThrottle(200_000_000L); // 200 ms
        assertThat(t.admit()).isZero();
        assertThat(t.admit()).isEqualTo(-1);
        assertThat(t.admit()).isEqualTo(-1);
        Thread.sleep(250);
        assertThat(t.admit()).isEqualTo(2); // the two skipped since the last line
        assertThat(t.admit()).isEqualTo(-1);
    }

    @Test
    void restartLogsTheNextEventAtOnceAndForgetsTheSkippedOnes() {
        LogThrottle t = new LogThrottle(60_000_000_000L);
        assertThat(t.admit()).isZero();
        assertThat(t.admit()).isEqualTo(-1);
        t.restart();
        assertThat(t.admit()).isZero();
    }
}
