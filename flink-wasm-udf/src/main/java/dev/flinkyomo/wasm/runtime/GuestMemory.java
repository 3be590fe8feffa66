package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

/**
 * The linear memory of one instance, as host functions see it. Pointers and lengths are guest
 * {@code u32}s passed as Java ints; {@link #contains} checks them unsigned before any access.
 */
@Internal
public interface GuestMemory {

    int PAGE_SIZE = 65536;

    /** Current size in bytes. */
    long size();

    byte[] read(int ptr, int len);

    void write(int ptr, byte[] data, int offset, int len);

    default void write(int ptr, byte[] data) {
        write(ptr, data, 0, data.length);
    }

    int readI32(int ptr);

    void writeI32(int ptr, int value);

    /** Whether {@code [ptr, ptr + len)} lies inside the memory, treating both as unsigned. */
    default boolean contains(int ptr, int len) {
        long start = Integer.toUnsignedLong(ptr);
        long end = start + Integer.toUnsignedLong(len);
        return end <= size();
    }
}
