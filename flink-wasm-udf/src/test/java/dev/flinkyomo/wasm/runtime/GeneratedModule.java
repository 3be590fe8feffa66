package dev.flinkyomo.wasm.runtime;

import java.io.ByteArrayOutputStream;

/**
 * Writes Wasm binaries too big to commit: {@code functions} functions {@code (i32) -> i32}, each
 * adding 1 to its argument {@code additions} times; function 0 is exported as {@code f}. A module
 * of many long functions is what makes Chicory's compiler (Wasm to JVM bytecode) slow.
 */
final class GeneratedModule {

    private GeneratedModule() {}

    static byte[] adders(int functions, int additions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, new byte[] {1, 0x60, 1, 0x7f, 1, 0x7f});
        ByteArrayOutputStream funcs = new ByteArrayOutputStream();
        u32(funcs, functions);
        for (int i = 0; i < functions; i++) {
            funcs.write(0);
        }
        section(out, 3, funcs.toByteArray());
        section(out, 7, new byte[] {1, 1, 'f', 0, 0});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // no locals
        for (int i = 0; i < additions; i++) {
            body.writeBytes(new byte[] {0x20, 0, 0x41, 1, 0x6a, 0x21, 0}); // x = x + 1
        }
        body.writeBytes(new byte[] {0x20, 0, 0x0b}); // x, end
        byte[] b = body.toByteArray();
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        u32(code, functions);
        for (int i = 0; i < functions; i++) {
            u32(code, b.length);
            code.writeBytes(b);
        }
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        u32(out, content.length);
        out.writeBytes(content);
    }

    private static void u32(ByteArrayOutputStream out, int value) {
        WasmMemoryLimit.writeU32(out, value);
    }
}
