package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The optional {@code flink:} section: what a YoMo zipper has no words for.
 *
 * @param parallelism parallelism of every operator of the job
 * @param checkpointInterval checkpointing interval; empty disables checkpointing. With a state
 *     directory it is never empty ({@link #DEFAULT_CHECKPOINT_INTERVAL} unless the file says)
 * @param functionsDir where {@code <name>.wasm} modules live (absolute, resolved against the file)
 * @param functions which functions to run, in order, for generations without a {@code functions}
 *     list; empty means "every function found"
 * @param sinks extra print and file sinks
 * @param stateDir where checkpoints and savepoints are kept (an absolute local path, resolved
 *     against the file, or a URI such as {@code s3://bucket/zipper}); empty keeps no state across
 *     runs
 * @param config any other Flink options ({@code flink.config}: {@code key -> value}, nested keys
 *     joined with dots), in file order; applied to the embedded cluster and to the submitted job
 */
@PublicEvolving
public record FlinkSettings(
        int parallelism,
        Optional<Duration> checkpointInterval,
        Path functionsDir,
        List<FunctionRef> functions,
        List<ExtraSink> sinks,
        Optional<String> stateDir,
        Map<String, String> config) {

    public static final int DEFAULT_PARALLELISM = 1;

    /** Checkpointing interval when a state directory is set and no interval is. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    public FlinkSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(functionsDir, "functionsDir");
        functions = List.copyOf(functions);
        sinks = List.copyOf(sinks);
        Objects.requireNonNull(stateDir, "stateDir");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        if (stateDir.isPresent() && checkpointInterval.isEmpty()) {
            throw new IllegalArgumentException("a state directory needs checkpointing");
        }
    }

    /** Defaults when the file has no {@code flink:} section: functions next to the file. */
    public static FlinkSettings defaults(Path functionsDir) {
        return new FlinkSettings(
                DEFAULT_PARALLELISM,
                Optional.empty(),
                functionsDir,
                List.of(),
                List.of(),
                Optional.empty(),
                Map.of());
    }

    public FlinkSettings withFunctionsDir(Path dir) {
        return new FlinkSettings(
                parallelism, checkpointInterval, dir, functions, sinks, stateDir, config);
    }
}
