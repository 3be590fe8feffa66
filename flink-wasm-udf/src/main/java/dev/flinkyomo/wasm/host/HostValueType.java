package dev.flinkyomo.wasm.host;

import org.apache.flink.annotation.PublicEvolving;

/** Wasm number types of a host function's parameters and results. */
@PublicEvolving
public enum HostValueType {
    I32,
    I64,
    F32,
    F64
}
