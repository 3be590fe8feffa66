package dev.flinkyomo.yomo;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * YoMo's routing rule for one stream function, in one place: a frame goes to a function that
 * observes its tag, unless the frame carries a non-empty {@code yomo-target} (see {@link
 * MetadataKeys#TARGET}) that differs from the function's wanted target. Used by the Wasm operator,
 * the bridge's stages and the listener alike.
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
}
