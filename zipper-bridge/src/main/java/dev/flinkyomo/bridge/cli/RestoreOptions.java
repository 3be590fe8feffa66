package dev.flinkyomo.bridge.cli;

import picocli.CommandLine.Option;

import java.util.Optional;

/** What {@code run} starts from: see {@code dev.flinkyomo.bridge.job.state.Resume}. */
final class RestoreOptions {

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description =
                    "Start from this savepoint or retained checkpoint (for upgrades) instead of the"
                            + " newest checkpoint in flink.state-dir")
    String fromSavepoint;

    @Option(
            names = "--no-resume",
            description =
                    "Start without state even if flink.state-dir holds checkpoints (they are kept)")
    boolean noResume;

    @Option(
            names = "--allow-non-restored-state",
            description =
                    "Restore even if the checkpoint holds state of an operator the job no longer has"
                            + " (e.g. a removed mesh peer)")
    boolean allowNonRestoredState;

    Optional<String> fromSavepoint() {
        return Optional.ofNullable(fromSavepoint);
    }
}
