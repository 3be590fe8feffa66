package dev.flinkyomo.wasm.yomo;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.wasm.runtime.WasmModuleSource;

/**
 * The example guests shipped in this jar (sources and build script in {@code wasm-guests/}). Each
 * constant is a location for {@link WasmModuleSource#fromLocation} or SQL's {@code 'path'}.
 */
@PublicEvolving
public final class ExampleGuests {

    /** C, ABI v3: upper-cases tag 0x33 into tag 0x34; also exports {@code str_upper(STRING)}. */
    public static final String UPPERCASE = "classpath:dev/flinkyomo/wasm/guests/uppercase.wasm";

    /**
     * Rust (wasm32-wasi), ABI v3: noise JSON on 0x33 (YoMo's noise tag) to 0x34 (noise / 10) and
     * alerts >= 16 on 0x35.
     */
    public static final String NOISE = "classpath:dev/flinkyomo/wasm/guests/noise.wasm";

    /**
     * C, ABI v3: raw RGB frame (u32 LE width, u32 LE height, RGB bytes) on 0x40 to stats JSON on
     * 0x41.
     */
    public static final String FRAME_STATS = "classpath:dev/flinkyomo/wasm/guests/frame_stats.wasm";

    private ExampleGuests() {}

    public static WasmModuleSource load(String location) {
        return WasmModuleSource.fromLocation(location);
    }
}
