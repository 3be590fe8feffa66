package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import java.io.ByteArrayOutputStream;

/**
 * Writes a page cap into a module's own memory declarations, so the engine itself refuses to grow
 * memory past it ({@code memory.grow} returns -1, as the Wasm spec has it for a declared maximum).
 * For engines without a store limiter (wasmtime-java 0.19.0), this is what keeps a guest from
 * growing its memory to gigabytes inside one call.
 *
 * <p>Only the memory section (id 5) is rewritten; every other byte is kept. Each memory gets the
 * maximum {@code min(declared maximum, cap)}. Imported memories are the importer's business.
 */
@Internal
public final class WasmMemoryLimit {

    private static final int MEMORY_SECTION = 5;
    private static final int HEADER = 8; // magic + version

    private WasmMemoryLimit() {}

    /**
     * @throws WasmLoadException if the binary is truncated, declares 64-bit or shared memories we
     *     cannot cap, or a memory whose initial size is already above the cap
     */
    public static byte[] withMaximumPages(String moduleName, byte[] module, int capPages) {
        Reader in = new Reader(moduleName, module, HEADER);
        while (in.pos < module.length) {
            int sectionStart = in.pos;
            int id = in.u8();
            int size = in.u32();
            int contentStart = in.pos;
            if (size > module.length - contentStart) {
                throw new WasmLoadException(
                        moduleName,
                        "section " + id + " at byte " + sectionStart + " runs past the end");
            }
            if (id == MEMORY_SECTION) {
                byte[] content =
                        cappedMemories(
                                moduleName, new Reader(moduleName, module, contentStart), capPages);
                ByteArrayOutputStream out = new ByteArrayOutputStream(module.length + 16);
                out.write(module, 0, sectionStart);
                out.write(MEMORY_SECTION);
                writeU32(out, content.length);
                out.write(content, 0, content.length);
                out.write(module, contentStart + size, module.length - contentStart - size);
                return out.toByteArray();
            }
            in.pos = contentStart + size;
        }
        return module; // no memory of its own
    }

    private static byte[] cappedMemories(String moduleName, Reader in, int capPages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = in.u32();
        writeU32(out, count);
        for (int i = 0; i < count; i++) {
            int flags = in.u8();
            if (flags > 1) {
                throw new WasmLoadException(
                        moduleName,
                        "memory "
                                + i
                                + " has limit flags 0x"
                                + Integer.toHexString(flags)
                                + " (shared or 64-bit memory), which cannot be capped");
            }
            long min = in.u32() & 0xFFFF_FFFFL;
            long max = flags == 1 ? in.u32() & 0xFFFF_FFFFL : Long.MAX_VALUE;
            if (min > capPages) {
                throw new WasmLoadException(
                        moduleName,
                        "its memory starts at "
                                + min
                                + " pages, above the cap of "
                                + capPages
                                + " pages");
            }
            out.write(1);
            writeU32(out, (int) min);
            writeU32(out, (int) Math.min(max, capPages));
        }
        return out.toByteArray();
    }

    /** Unsigned LEB128, as the binary format writes sizes and counts. */
    static void writeU32(ByteArrayOutputStream out, int value) {
        long v = value & 0xFFFF_FFFFL;
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    /** Bounds-checked LEB128 reading over the module bytes. */
    private static final class Reader {
        private final String moduleName;
        private final byte[] b;
        int pos;

        Reader(String moduleName, byte[] b, int pos) {
            this.moduleName = moduleName;
            this.b = b;
            this.pos = pos;
        }

        int u8() {
            if (pos >= b.length) {
                throw new WasmLoadException(moduleName, "truncated at byte " + pos);
            }
            return b[pos++] & 0xFF;
        }

        int u32() {
            long result = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int x = u8();
                result |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    if (result > 0xFFFF_FFFFL) {
                        break;
                    }
                    return (int) result;
                }
            }
            throw new WasmLoadException(moduleName, "malformed u32 ending at byte " + pos);
        }
    }
}
