package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.PublicEvolving;

/** Which Wasm engine runs the guest. */
@PublicEvolving
public enum WasmEngineType {
    /** Chicory: pure Java, no native code; the default. */
    CHICORY,
    /** wasmtime-java 0.19.0: Cranelift JIT behind JNI; each call pays a JNI crossing. */
    WASMTIME
}
