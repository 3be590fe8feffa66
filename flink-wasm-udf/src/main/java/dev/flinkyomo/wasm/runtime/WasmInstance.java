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

    /**
     * For host functions that block: the nanoseconds left of the running call's timeout (0 or less
     * once overdue), or the whole timeout outside a call. See {@link CallGuard#remainingNanos()}.
     */
    long remainingCallNanos();

    @Override
    void close();
}
