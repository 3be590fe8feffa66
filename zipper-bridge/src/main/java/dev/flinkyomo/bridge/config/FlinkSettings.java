package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The optional {@code flink:} section: what a YoMo zipper has no words for.
 *
 * @param parallelism parallelism of every operator of the job
 * @param checkpointInterval checkpointing interval; empty disables checkpointing
 * @param functionsDir where {@code <name>.wasm} modules live (absolute, resolved against the file)
 * @param functions which functions to run, in order, for generations without a {@code functions}
 *     list; empty means "every function found"
 * @param sinks extra print and file sinks
 */
@PublicEvolving
public record FlinkSettings(
        int parallelism,
        Optional<Duration> checkpointInterval,
        Path functionsDir,
        List<FunctionRef> functions,
        List<ExtraSink> sinks) {

    public static final int DEFAULT_PARALLELISM = 1;

    public FlinkSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(functionsDir, "functionsDir");
        functions = List.copyOf(functions);
        sinks = List.copyOf(sinks);
    }

    /** Defaults when the file has no {@code flink:} section: functions next to the file. */
    public static FlinkSettings defaults(Path functionsDir) {
        return new FlinkSettings(
                DEFAULT_PARALLELISM, Optional.empty(), functionsDir, List.of(), List.of());
    }

    public FlinkSettings withFunctionsDir(Path dir) {
        return new FlinkSettings(parallelism, checkpointInterval, dir, functions, sinks);
    }
}
