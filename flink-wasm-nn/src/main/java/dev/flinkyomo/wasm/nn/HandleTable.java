package dev.flinkyomo.wasm.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Handles a guest holds (graphs, execution contexts) for one instance. WASI-NN preview 1 has no
 * call to drop a handle, so a handle is its index and lives as long as the instance; the table is
 * bounded, and a guest that keeps asking for more gets {@link NnErrno#BUSY} instead of growing the
 * host's memory.
 */
final class HandleTable<T> {

    private final String what;
    private final int capacity;
    private final List<T> entries = new ArrayList<>();

    HandleTable(String what, int capacity) {
        this.what = what;
        this.capacity = capacity;
    }

    /** Whether another handle can be added (checked before the expensive part of a call). */
    boolean full() {
        return entries.size() >= capacity;
    }

    int add(T value) {
        if (full()) {
            throw new NnException(
                    NnErrno.BUSY,
                    "all " + capacity + " " + what + " handles of this instance are in use");
        }
        entries.add(value);
        return entries.size() - 1;
    }

    T get(int handle, String function) {
        if (handle < 0 || handle >= entries.size()) {
            throw new NnException(
                    NnErrno.INVALID_ARGUMENT,
                    function
                            + ": "
                            + Integer.toUnsignedString(handle)
                            + " is not a handle of this instance, which has "
                            + entries.size()
                            + " "
                            + what
                            + " handles");
        }
        return entries.get(handle);
    }

    void clear(Consumer<T> release) {
        entries.forEach(release);
        entries.clear();
    }
}
