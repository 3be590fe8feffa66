package dev.flinkyomo.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once issue's recovery benchmark: an acknowledging device at 10,000 readings/s (one
 * frame every 100 µs, paced on absolute due times so it catches up after a block), checkpoints
 * every second, {@code kill -9} of the listener's TaskManager after 20,000 readings. It reports the
 * time from the kill to the first reading counted again, and how many readings the device sent
 * again, to {@code target/exactly-once-runs.txt} (BENCHMARKS.md has the numbers). Not in CI (about
 * a minute of two TaskManager processes and a busy device):
 *
 * <pre>
 * ./mvnw -B -o -pl e2e-tests verify -De2e.benchmarks=true -Dtest=TaskManagerKillRecoveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "e2e.benchmarks", matches = "true")
class TaskManagerKillRecoveryBenchmark {

    private static final int FRAMES = 100_000;

    @TempDir Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void recoveryAtTenThousandReadingsPerSecond() throws Exception {
        TaskManagerKillRun.Numbers n =
                TaskManagerKillRun.run(
                        "TaskManagerKillRecoveryBenchmark",
                        dir,
                        FRAMES,
                        Duration.ofNanos(100_000),
                        20_000);
        assertThat(n.result()).isEqualTo("count=" + FRAMES + " duplicates=0");
    }
}
