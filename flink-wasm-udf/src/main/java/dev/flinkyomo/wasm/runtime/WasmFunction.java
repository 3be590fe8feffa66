package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

/** A resolved export, called under the instance's timeout and memory guards. */
@Internal
@FunctionalInterface
public interface WasmFunction {

    /**
     * Calls the export with raw arguments (see {@link WasmValueType#toRaw}).
     *
     * @return raw results, empty for a function without results
     * @throws WasmTrapException if the call traps, times out, exits or breaks the memory cap
     */
    long[] call(long... args);
}
