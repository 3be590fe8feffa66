package dev.flinkyomo.wasm.host;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.ByteBuffer;

/**
 * A Wasm instance's linear memory as a host function sees it. Pointers and lengths are guest {@code
 * u32}s passed as Java ints; check them with {@link #contains} (unsigned) before any access, as
 * every access outside the memory throws and so traps the guest.
 */
@PublicEvolving
public interface HostMemory {

    /** Current size in bytes. */
    long size();

    /** Whether {@code [ptr, ptr + len)} lies inside the memory, both taken as unsigned. */
    default boolean contains(int ptr, int len) {
        long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len);
        return end <= size();
    }

    byte[] read(int ptr, int len);

    /** Copies {@code dst.remaining()} bytes from {@code ptr} into {@code dst}, advancing it. */
    void read(int ptr, ByteBuffer dst);

    int readI32(int ptr);

    /** Copies {@code src.remaining()} bytes from {@code src} (advancing it) to {@code ptr}. */
    void write(int ptr, ByteBuffer src);

    void writeI32(int ptr, int value);
}
