package dev.flinkyomo.wasm.runtime.chicory;

import com.dylibso.chicory.runtime.Memory;
import dev.flinkyomo.wasm.runtime.GuestMemory;

/** {@link GuestMemory} over a Chicory instance's memory. */
final class ChicoryMemory implements GuestMemory {

    private final Memory memory;

    ChicoryMemory(Memory memory) {
        this.memory = memory;
    }

    @Override
    public long size() {
        return (long) memory.pages() * PAGE_SIZE;
    }

    int pages() {
        return memory.pages();
    }

    @Override
    public byte[] read(int ptr, int len) {
        return memory.readBytes(ptr, len);
    }

    @Override
    public void write(int ptr, byte[] data, int offset, int len) {
        memory.write(ptr, data, offset, len);
    }

    @Override
    public int readI32(int ptr) {
        return memory.readInt(ptr);
    }

    @Override
    public void writeI32(int ptr, int value) {
        memory.writeI32(ptr, value);
    }
}
