package dev.flinkyomo.wasm.host;

import dev.flinkyomo.wasm.runtime.GuestMemory;

import java.nio.ByteBuffer;

/**
 * {@link HostMemory} over the engine's {@link GuestMemory}. Buffer copies go through a small
 * staging array when the buffer has no array of its own (a direct buffer): the engines' memory API
 * copies only to and from arrays, and a staging chunk keeps a large tensor from needing a second
 * full-size copy on the heap.
 */
final class GuestMemoryView implements HostMemory {

    static final int CHUNK = 64 * 1024;

    private final GuestMemory memory;

    GuestMemoryView(GuestMemory memory) {
        this.memory = memory;
    }

    GuestMemory memory() {
        return memory;
    }

    @Override
    public long size() {
        return memory.size();
    }

    @Override
    public byte[] read(int ptr, int len) {
        return memory.read(ptr, len);
    }

    @Override
    public void read(int ptr, ByteBuffer dst) {
        int len = dst.remaining();
        checkRange(ptr, len);
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            dst.put(memory.read(ptr + done, n));
            done += n;
        }
    }

    @Override
    public int readI32(int ptr) {
        return memory.readI32(ptr);
    }

    @Override
    public void write(int ptr, ByteBuffer src) {
        int len = src.remaining();
        checkRange(ptr, len);
        if (src.hasArray()) {
            memory.write(ptr, src.array(), src.arrayOffset() + src.position(), len);
            src.position(src.position() + len);
            return;
        }
        byte[] chunk = new byte[Math.min(CHUNK, len)];
        for (int done = 0; done < len; ) {
            int n = Math.min(chunk.length, len - done);
            src.get(chunk, 0, n);
            memory.write(ptr + done, chunk, 0, n);
            done += n;
        }
    }

    @Override
    public void writeI32(int ptr, int value) {
        memory.writeI32(ptr, value);
    }

    private void checkRange(int ptr, int len) {
        if (!contains(ptr, len)) {
            throw new IndexOutOfBoundsException(
                    "guest memory ["
                            + Integer.toUnsignedString(ptr)
                            + ", +"
                            + Integer.toUnsignedString(len)
                            + ") lies outside its "
                            + size()
                            + " bytes");
        }
    }
}
