package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {

    @Test
    void doublesUpToTheMaximumAndStartsOverAfterAConnect() {
        ReconnectBackoff b =
                new ReconnectBackoff(
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        LongUnaryOperator.identity());

        assertThat(b.nextDelayMillis()).isEqualTo(100);
        assertThat(b.nextDelayMillis()).isEqualTo(200);
        assertThat(b.nextDelayMillis()).isEqualTo(400);
        assertThat(b.nextDelayMillis()).isEqualTo(500);
        assertThat(b.nextDelayMillis()).isEqualTo(500);

        b.reset();
        assertThat(b.nextDelayMillis()).isEqualTo(100);
    }

    @Test
    void clientsThatLostTheSameZipperDoNotRedialInStep() {
        // 1,000 clients on their third redial (400 ms scheduled): each waits 200 to 400 ms, and
        // they spread over that range instead of all dialling at the same moment
        Set<Long> delays = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int client = 0; client < 1000; client++) {
            ReconnectBackoff b =
                    new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));
            b.nextDelayMillis();
            b.nextDelayMillis();
            long d = b.nextDelayMillis();
            delays.add(d);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isGreaterThanOrEqualTo(200);
        assertThat(max).isLessThanOrEqualTo(400);
        assertThat(delays).hasSizeGreaterThan(100);
        assertThat(ReconnectBackoff.equalJitter(0)).isZero();
        assertThat(ReconnectBackoff.equalJitter(1)).isBetween(0L, 1L);
    }
}
