package dev.flinkyomo.wasm.runtime;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WasmMemoryLimitTest {

    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    private static byte[] module(int... sections) {
        byte[] out = new byte[HEADER.length + sections.length];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        for (int i = 0; i < sections.length; i++) {
            out[HEADER.length + i] = (byte) sections[i];
        }
        return out;
    }

    private static MemoryLimits limits(byte[] module) {
        WasmModule parsed = Parser.parse(module);
        return parsed.memorySection().orElseThrow().getMemory(0).limits();
    }

    @Test
    void aMemoryWithoutMaximumGetsTheCap() {
        byte[] capped =
                WasmMemoryLimit.withMaximumPages("m", module(0x05, 0x03, 0x01, 0x00, 0x01), 4);
        assertThat(capped).isEqualTo(module(0x05, 0x04, 0x01, 0x01, 0x01, 0x04));
        assertThat(limits(capped).initialPages()).isEqualTo(1);
        assertThat(limits(capped).maximumPages()).isEqualTo(4);
    }

    @Test
    void aLargerMaximumIsLoweredAndASmallerOneKept() {
        // chaos.wat declares (memory 2 1000); every other section must survive byte for byte
        byte[] chaos = WasmModuleSource.fromClasspath("wasm/chaos.wasm").bytes();
        byte[] capped = WasmMemoryLimit.withMaximumPages("chaos", chaos, 8);
        assertThat(limits(capped).maximumPages()).isEqualTo(8);
        assertThat(limits(capped).initialPages()).isEqualTo(2);
        assertThat(Parser.parse(capped).exportSection().exportCount())
                .isEqualTo(Parser.parse(chaos).exportSection().exportCount());

        byte[] upper = ExampleGuests.load(ExampleGuests.UPPERCASE).bytes(); // max 256 pages
        assertThat(limits(WasmMemoryLimit.withMaximumPages("upper", upper, 100_000)).maximumPages())
                .isEqualTo(256);
    }

    @Test
    void aModuleWithoutMemoryIsReturnedAsIs() {
        byte[] noMemory = module(0x01, 0x04, 0x01, 0x60, 0x00, 0x00); // one type: () -> ()
        assertThat(WasmMemoryLimit.withMaximumPages("t", noMemory, 4)).isSameAs(noMemory);
    }

    @Test
    void whatCannotBeCappedIsALoadError() {
        assertThatThrownBy(
                        () ->
                                WasmMemoryLimit.withMaximumPages(
                                        "big", module(0x05, 0x03, 0x01, 0x00, 0x10), 4))
                .isInstanceOf(WasmLoadException.class)
                .hasMessage(
                        "Wasm module 'big' cannot be loaded: its memory starts at 16 pages, above the cap of 4 pages");
        assertThatThrownBy(
                        () ->
                                WasmMemoryLimit.withMaximumPages(
                                        "shared", module(0x05, 0x04, 0x01, 0x03, 0x01, 0x02), 4))
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("limit flags 0x3");
        assertThatThrownBy(
                        () -> WasmMemoryLimit.withMaximumPages("cut", module(0x05, 0x09, 0x01), 4))
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("runs past the end");
        assertThatThrownBy(
                        () ->
                                WasmMemoryLimit.withMaximumPages(
                                        "leb", module(0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), 4))
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("malformed u32");
    }
}
