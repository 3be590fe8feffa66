package dev.flinkyomo.yomo;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * YoMo's routing rule for one stream function, in one place: a frame goes to a function that
 * observes its tag, unless the frame carries a non-empty {@code yomo-target} (see {@link
 * MetadataKeys#TARGET}) that differs from the function's wanted target. Used by the Wasm operator,
 * the bridge's stages and the listener alike.
 *
 * <p>Where the configuration lists the functions in order (the workflow files of yomo v1.5 and
 * v1.6), a function also takes only what was written before it in that order: {@link #follows}.
 */
@PublicEvolving
public final class Routing {

    private Routing() {}

    /**
     * Whether a function with {@code wantedTarget} (null: none) takes a frame whose target is
     * {@code frameTarget} (null or empty: untargeted). Tag observation is checked separately, by
     * whoever holds the observed tags.
     */
    public static boolean targetMatches(String frameTarget, String wantedTarget) {
        return frameTarget == null || frameTarget.isEmpty() || frameTarget.equals(wantedTarget);
    }

    /**
     * The whole rule: {@code observesTag} says whether the function observes the frame's tag, and
     * the target must match.
     */
    public static boolean accepts(boolean observesTag, String frameTarget, String wantedTarget) {
        return observesTag && targetMatches(frameTarget, wantedTarget);
    }

    /** The position of the sources in a workflow's order; functions are numbered from 1. */
    public static final int SOURCES = 0;

    /**
     * yomo v1.6's order rule: a frame written by the sources ({@link #SOURCES}) or by the function
     * at {@code writer} goes only to the functions listed after the writer (yomo@v1.6.0 router.go
     * {@code GetForwardRoutes}). {@code writer} is negative for frames that came from another
     * zipper, which every function takes, like the sources' frames.
     */
    public static boolean follows(int writer, int function) {
        return function > writer;
    }
}
