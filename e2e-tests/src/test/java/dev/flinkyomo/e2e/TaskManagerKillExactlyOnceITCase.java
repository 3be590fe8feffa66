package dev.flinkyomo.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once device push across a process kill (the exactly-once issue): 3,000 readings at 200/s,
 * {@code kill -9} of the listener's TaskManager after 1,000 ({@link TaskManagerKillRun} says how
 * and what it asserts). The restart happens on the other TaskManager, and keyed state holds every
 * reading once.
 */
class TaskManagerKillExactlyOnceITCase {

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killingTheListenersTaskManagerLosesAndRepeatsNothing() throws Exception {
        TaskManagerKillRun.Numbers n =
                TaskManagerKillRun.run(
                        "TaskManagerKillExactlyOnceITCase", dir, 3000, Duration.ofMillis(5), 1000);
        assertThat(n.result()).isEqualTo("count=3000 duplicates=0");
    }
}
