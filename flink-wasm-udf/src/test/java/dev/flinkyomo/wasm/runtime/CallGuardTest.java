package dev.flinkyomo.wasm.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CallGuardTest {

    @Test
    void overdueCallIsInterruptedAndTheInterruptIsClearedAtEnd() throws Exception {
        try (CallGuard guard =
                CallWatchdog.get().newGuard(TimeUnit.MILLISECONDS.toNanos(50), true)) {
            long start = System.nanoTime();
            guard.begin();
            boolean interrupted = false;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
            }
            assertThat(interrupted).isTrue();
            assertThat(System.nanoTime() - start)
                    .as("never before the timeout")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(guard.end()).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void fastCallsNeverSeeAnInterrupt() {
        try (CallGuard guard =
                CallWatchdog.get().newGuard(TimeUnit.MILLISECONDS.toNanos(20), true)) {
            for (int i = 0; i < 200_000; i++) {
                guard.begin();
                assertThat(guard.end()).isFalse();
            }
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void reentrantCallsKeepTheOuterDeadline() {
        try (CallGuard guard = CallWatchdog.get().newGuard(TimeUnit.SECONDS.toNanos(10), true)) {
            guard.begin();
            guard.begin(); // host function calling back into the guest
            assertThat(guard.end()).isFalse();
            assertThat(guard.end()).isFalse();
        }
    }
}
