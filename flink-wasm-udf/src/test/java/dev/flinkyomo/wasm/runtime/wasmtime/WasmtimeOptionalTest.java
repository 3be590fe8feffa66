package dev.flinkyomo.wasm.runtime.wasmtime;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** wasmtime-java is optional: without it, choosing the engine fails with what to add. */
class WasmtimeOptionalTest {

    @Test
    void withoutWasmtimeOnTheClassPathTheEngineNamesTheMissingJar() {
        ClassLoader withoutWasmtime = new URLClassLoader(new URL[0], null);
        assertThatThrownBy(() -> WasmtimeEngineProvider.requireWasmtime(withoutWasmtime))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.github.kawamuray.wasmtime:wasmtime-java:0.19.0")
                .hasMessageContaining("'chicory'");
    }

    @Test
    void withWasmtimeOnTheClassPathNothingIsMissing() {
        WasmtimeEngineProvider.requireWasmtime(WasmtimeEngineProvider.class.getClassLoader());
        assertThat(new WasmtimeEngineProvider().type().name()).isEqualTo("WASMTIME");
    }
}
