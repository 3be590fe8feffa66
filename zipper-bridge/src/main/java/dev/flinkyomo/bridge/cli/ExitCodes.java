package dev.flinkyomo.bridge.cli;

import org.apache.flink.annotation.Internal;

/** Process exit codes of {@code zipper-bridge}, stable for scripts. */
@Internal
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;

    /** The configuration is invalid, or (plan/run) a function cannot be resolved. */
    public static final int INVALID_CONFIG = 1;

    /** Wrong command line (picocli's usage code). */
    public static final int USAGE = 2;

    /** The job could not be started or submitted, or failed while running. */
    public static final int JOB_FAILED = 3;

    private ExitCodes() {}
}
