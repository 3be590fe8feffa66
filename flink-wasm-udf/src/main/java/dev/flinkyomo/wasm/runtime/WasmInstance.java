package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

/**
 * One instantiated module: its own linear memory and globals. Not thread-safe; one instance per
 * Flink subtask. After a {@link WasmTrapException} the instance must be closed and rebuilt.
 */
@Internal
public interface WasmInstance extends AutoCloseable {

    WasmModuleInfo info();

    /** A callable export. Resolve once, call many times. */
    WasmFunction function(String exportName);

    GuestMemory memory();

    @Override
    void close();
}
