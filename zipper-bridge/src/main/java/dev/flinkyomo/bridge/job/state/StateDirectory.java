package dev.flinkyomo.bridge.job.state;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;

import java.time.Duration;
import java.util.Objects;

/**
 * The layout of {@code flink.state-dir} and the Flink configuration that uses it:
 *
 * <pre>
 * &lt;state-dir&gt;/checkpoints/&lt;job id&gt;/chk-&lt;n&gt;/_metadata   retained on cancellation and failure
 * &lt;state-dir&gt;/savepoints/savepoint-...                  default target of savepoints
 * </pre>
 *
 * <p>Every run is a new Flink job with a new job id, so every run has its own directory under
 * {@code checkpoints}; {@link RetainedCheckpoints} finds the newest usable one across them.
 */
public final class StateDirectory {

    /** Checkpoints kept per run: the newest and one to fall back to if it is damaged. */
    static final int RETAINED_PER_RUN = 2;

    private final String root;

    /**
     * @param root an absolute local path or a URI Flink has a file system for (as {@code
     *     FlinkSettings.stateDir()} gives it)
     */
    public StateDirectory(String root) {
        Objects.requireNonNull(root, "root");
        String trimmed =
                root.endsWith("/") && root.length() > 1
                        ? root.substring(0, root.length() - 1)
                        : root;
        // Flink's checkpoint storage wants a scheme; a local path gets file://
        this.root = trimmed.startsWith("/") ? "file://" + trimmed : trimmed;
    }

    public String root() {
        return root;
    }

    public String checkpoints() {
        return root + "/checkpoints";
    }

    public String savepoints() {
        return root + "/savepoints";
    }

    /**
     * Checkpointing every {@code interval}, exactly-once, on the heap ({@code hashmap}) backend,
     * written to {@link #checkpoints()} and retained when the job is cancelled or fails.
     */
    public Configuration checkpointing(Duration interval) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_PER_RUN);
        return conf;
    }

    /**
     * The settings that make a job start from {@code path} (a retained checkpoint or a savepoint).
     * The restored checkpoint stays owned by the run that wrote it (Flink's default {@code
     * NO_CLAIM}), so it survives as a fallback until it is deleted by hand.
     */
    public static Configuration restoreFrom(String path, boolean allowNonRestoredState) {
        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
        conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.NO_CLAIM);
        return conf;
    }

    @Override
    public String toString() {
        return root;
    }
}
