package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {

    @Test
    void doublesUpToTheMaximumAndStartsOverAfterAConnect() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(b.nextDelayMillis()).isEqualTo(100);
        assertThat(b.nextDelayMillis()).isEqualTo(200);
        assertThat(b.nextDelayMillis()).isEqualTo(400);
        assertThat(b.nextDelayMillis()).isEqualTo(500);
        assertThat(b.nextDelayMillis()).isEqualTo(500);

        b.reset();
        assertThat(b.nextDelayMillis()).isEqualTo(100);
    }
}
