package dev.flinkyomo.wasm.runtime.wasmtime;

import dev.flinkyomo.wasm.runtime.GuestMemory;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@link GuestMemory} over a wasmtime memory; the buffer is re-fetched because growth moves it. */
final class WasmtimeMemory implements GuestMemory {

    private final Store<Void> store;
    private final Memory memory;

    WasmtimeMemory(Store<Void> store, Memory memory) {
        this.store = store;
        this.memory = memory;
    }

    private ByteBuffer buffer() {
        return memory.buffer(store).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long size() {
        return memory.dataSize(store);
    }

    int pages() {
        return memory.size(store);
    }

    @Override
    public byte[] read(int ptr, int len) {
        checkBounds(ptr, len);
        byte[] out = new byte[len];
        buffer().get(ptr, out);
        return out;
    }

    @Override
    public void write(int ptr, byte[] data, int offset, int len) {
        checkBounds(ptr, len);
        buffer().put(ptr, data, offset, len);
    }

    @Override
    public int readI32(int ptr) {
        checkBounds(ptr, 4);
        return buffer().getInt(ptr);
    }

    @Override
    public void writeI32(int ptr, int value) {
        checkBounds(ptr, 4);
        buffer().putInt(ptr, value);
    }

    private void checkBounds(int ptr, int len) {
        if (!contains(ptr, len)) {
            throw new IndexOutOfBoundsException(
                    "guest memory access ["
                            + Integer.toUnsignedString(ptr)
                            + ", +"
                            + Integer.toUnsignedString(len)
                            + ") outside "
                            + size()
                            + " bytes");
        }
    }
}
