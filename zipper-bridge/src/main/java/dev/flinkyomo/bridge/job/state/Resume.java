package dev.flinkyomo.bridge.job.state;

import org.apache.flink.configuration.Configuration;

import dev.flinkyomo.bridge.config.FlinkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a run starts from, in this order: {@code --from-savepoint PATH} (an upgrade, or a move
 * between clusters); nothing with {@code --no-resume}; else, with a {@code flink.state-dir}, the
 * newest usable checkpoint an earlier run retained there, as a service resumes after a crash or a
 * restart; else nothing.
 *
 * @param path the checkpoint or savepoint to restore, if any
 * @param message one line for the user saying what was chosen and why (empty without a state
 *     directory or savepoint: nothing to say)
 */
public record Resume(Optional<String> path, Optional<String> message) {

    private static final Logger LOG = LoggerFactory.getLogger(Resume.class);

    /** Decides; skipped damaged checkpoints go to {@code warn}. */
    public static Resume decide(
            FlinkSettings flink,
            Optional<String> fromSavepoint,
            boolean noResume,
            Consumer<String> warn)
            throws IOException {
        Optional<StateDirectory> dir = flink.stateDir().map(StateDirectory::new);
        Resume resume;
        if (fromSavepoint.isPresent()) {
            resume =
                    new Resume(
                            fromSavepoint,
                            Optional.of(
                                    "restoring from savepoint "
                                            + fromSavepoint.get()
                                            + " (--from-savepoint)"
                                            + dir.map(d -> "; checkpoints go to " + d.checkpoints())
                                                    .orElse("")));
        } else if (dir.isEmpty()) {
            resume = new Resume(Optional.empty(), Optional.empty());
        } else if (noResume) {
            resume =
                    new Resume(
                            Optional.empty(),
                            Optional.of(
                                    "starting without state (--no-resume); checkpoints go to "
                                            + dir.get().checkpoints()));
        } else {
            String checkpoints = dir.get().checkpoints();
            resume =
                    new RetainedCheckpoints(checkpoints)
                            .latestUsable(warn)
                            .map(
                                    r ->
                                            new Resume(
                                                    Optional.of(r.path()),
                                                    Optional.of("resuming from retained " + r)))
                            .orElseGet(
                                    () ->
                                            new Resume(
                                                    Optional.empty(),
                                                    Optional.of(
                                                            "no retained checkpoint in "
                                                                    + checkpoints
                                                                    + ": starting without state;"
                                                                    + " checkpoints go there")));
        }
        resume.message.ifPresent(m -> LOG.info("{}", m));
        return resume;
    }

    /**
     * The job's checkpointing and restore settings: the state directory's, when there is one, and
     * the restore path, when there is one.
     */
    public Configuration configuration(FlinkSettings flink, boolean allowNonRestoredState) {
        Configuration conf = new Configuration();
        flink.stateDir()
                .map(StateDirectory::new)
                .ifPresent(
                        d ->
                                conf.addAll(
                                        d.checkpointing(flink.checkpointInterval().orElseThrow())));
        path.ifPresent(p -> conf.addAll(StateDirectory.restoreFrom(p, allowNonRestoredState)));
        return conf;
    }
}
