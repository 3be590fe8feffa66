package dev.flinkyomo.wasm.nn;

import dev.flinkyomo.wasm.runtime.WasmModuleSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Input for the WASI-NN probe guest (wasm-guests/wat-nn/nn_probe.wat): commands that call the
 * imports with any arguments, and data they point at. The input lands in guest memory at 1024, so
 * the data's addresses are known before the guest runs.
 */
final class ProbeScript {

    static final long TAG = 0x50;
    static final long RESULT_TAG = 0x51;
    static final int LOAD = 1;
    static final int LOAD_BY_NAME = 2;
    static final int INIT = 3;
    static final int SET_INPUT = 4;
    static final int COMPUTE = 5;
    static final int GET_OUTPUT = 6;
    static final int GROW = 7;
    static final int READ_I32 = 8;
    static final int TRAP = 99;

    private final int commands;
    private final List<int[]> calls = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** A script of exactly {@code commands} calls (the data starts after them). */
    ProbeScript(int commands) {
        this.commands = commands;
    }

    static WasmModuleSource guest() {
        return WasmModuleSource.fromClasspath("wasm/nn_probe.wasm");
    }

    ProbeScript call(int op, int... args) {
        int[] c = new int[6];
        c[0] = op;
        System.arraycopy(args, 0, c, 1, args.length);
        calls.add(c);
        return this;
    }

    /**
     * Adds a {@code load_by_name} of {@code model}, its graph handle to go to {@code resultPtr}.
     */
    ProbeScript loadByName(String model, int resultPtr) {
        byte[] name = model.getBytes(StandardCharsets.UTF_8);
        return call(LOAD_BY_NAME, put(name), name.length, resultPtr);
    }

    /** Copies {@code bytes} into the data (4-aligned) and returns their guest address. */
    int put(byte[] bytes) {
        while (data.size() % 4 != 0) {
            data.write(0);
        }
        int at = 1028 + 24 * commands + data.size();
        data.writeBytes(bytes);
        return at;
    }

    int putString(String s) {
        return put(s.getBytes(StandardCharsets.UTF_8));
    }

    int putI32s(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return put(b.array());
    }

    /** {@code bytes} zero bytes, e.g. for results. */
    int reserve(int bytes) {
        return put(new byte[bytes]);
    }

    /** A witx tensor record: dims (ptr, len), type, data (ptr, len). */
    int tensor(int dimsPtr, int rank, int type, int dataPtr, int dataLen) {
        return putI32s(dimsPtr, rank, type, dataPtr, dataLen);
    }

    byte[] build() {
        if (calls.size() != commands) {
            throw new IllegalStateException(
                    "declared " + commands + " commands, added " + calls.size());
        }
        ByteBuffer b =
                ByteBuffer.allocate(4 + 24 * commands + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(commands);
        for (int[] c : calls) {
            for (int v : c) {
                b.putInt(v);
            }
        }
        b.put(data.toByteArray());
        return b.array();
    }

    /** The guest's results (tag 0x51 payload) as ints. */
    static int[] results(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[payload.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getInt();
        }
        return out;
    }
}
