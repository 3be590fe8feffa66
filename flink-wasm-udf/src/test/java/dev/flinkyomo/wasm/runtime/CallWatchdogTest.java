package dev.flinkyomo.wasm.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog thread runs only while guards are open, and pins no class loader. */
class CallWatchdogTest {

    static List<Thread> watchdogThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(CallWatchdog.THREAD_NAME))
                .collect(Collectors.toList());
    }

    /** Waits for the watchdog to stop; true if it did within {@code seconds}. */
    static boolean awaitStopped(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!CallWatchdog.get().running() && watchdogThreads().isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void theThreadStopsAfterTheLastGuardAndStartsAgainForTheNext() throws Exception {
        CallWatchdog watchdog = CallWatchdog.get();
        CallGuard first = watchdog.newGuard(TimeUnit.SECONDS.toNanos(1), true);
        long starts = watchdog.starts();
        assertThat(watchdogThreads()).hasSize(1);
        assertThat(watchdogThreads().get(0).getContextClassLoader())
                .as("no context class loader: it would keep a job's class loader alive")
                .isNull();

        first.close();
        assertThat(awaitStopped(10)).as("stopped after the last guard closed").isTrue();

        try (CallGuard second = watchdog.newGuard(TimeUnit.MILLISECONDS.toNanos(50), true)) {
            assertThat(watchdog.starts()).isEqualTo(starts + 1);
            assertThat(watchdogThreads()).hasSize(1);
            second.begin(); // and the new thread enforces timeouts
            long start = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                Thread.onSpinWait();
            }
            assertThat(second.end()).isTrue();
        }
        assertThat(awaitStopped(10)).isTrue();
    }

    @Test
    void remainingBudgetShrinksDuringACall() throws Exception {
        try (CallGuard guard = CallWatchdog.get().newGuard(TimeUnit.SECONDS.toNanos(2), true)) {
            assertThat(guard.remainingNanos()).as("outside a call").isEqualTo(2_000_000_000L);
            guard.begin();
            Thread.sleep(300);
            // The start is when the watchdog first saw the call: a tick or two late, more while
            // its thread is just starting.
            assertThat(guard.remainingNanos()).isBetween(1_500_000_000L, 1_750_000_000L);
            guard.end();
        }
    }
}
