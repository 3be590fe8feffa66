package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.PublicEvolving;

/** How Chicory executes a module. */
@PublicEvolving
public enum ChicoryMode {
    /**
     * Wasm compiled to JVM bytecode once per module per JVM (MachineFactoryCompiler); the default.
     */
    COMPILED,
    /** Chicory's interpreter: no compile step, much slower per call. */
    INTERPRETED
}
