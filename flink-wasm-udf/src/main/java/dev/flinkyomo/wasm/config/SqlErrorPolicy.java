package dev.flinkyomo.wasm.config;

import org.apache.flink.annotation.PublicEvolving;

/** What a Wasm SQL function does when a call traps or times out. */
@PublicEvolving
public enum SqlErrorPolicy {
    /** Throw: the query fails (and restarts if the job has a restart strategy). */
    FAIL,
    /** Log, count and return NULL (scalar functions) or no rows (table functions). */
    NULL
}
