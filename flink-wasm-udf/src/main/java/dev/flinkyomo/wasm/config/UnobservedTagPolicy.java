package dev.flinkyomo.wasm.config;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Fate of a record the stream function does not observe (tag not registered, or another target).
 */
@PublicEvolving
public enum UnobservedTagPolicy {
    /** Emit the record unchanged, like a YoMo pipeline where other functions may still want it. */
    PASS_THROUGH,
    /** Emit nothing for it. */
    DROP
}
