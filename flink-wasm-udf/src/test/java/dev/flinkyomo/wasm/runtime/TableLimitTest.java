package dev.flinkyomo.wasm.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static dev.flinkyomo.wasm.runtime.TestEngine.hostile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tables: too many, too big or unbounded ones are refused at load on every engine, with the module,
 * the limit and the value in the message; a bounded one cannot grow past its maximum at run time.
 */
class TableLimitTest {

    private static WasmInstance load(WasmRuntimeConfig config, String fixture) {
        return WasmEngine.create(config).instantiate(hostile(fixture), List.of());
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void moreTablesThanTheLimitAreRefused(TestEngine engine) {
        assertThatThrownBy(() -> load(engine.config().build(), "tables_five.wasm"))
                .isInstanceOf(WasmLoadException.class)
                .hasMessage(
                        "Wasm module 'tables_five.wasm' cannot be loaded: it declares or imports 5"
                                + " tables, over the limit of 4 (wasm.table.max-count)");
        try (WasmInstance ok = load(engine.config().maxTables(5).build(), "tables_five.wasm")) {
            assertThat(ok.function("answer").call()).containsExactly(42);
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void aTableStartingOverTheCapIsRefusedBeforeItIsAllocated(TestEngine engine) {
        assertThatThrownBy(() -> load(engine.config().build(), "table_huge.wasm"))
                .isInstanceOf(WasmLoadException.class)
                .hasMessage(
                        "Wasm module 'table_huge.wasm' cannot be loaded: table 0 starts with"
                                + " 10000000 elements, over the limit of 16384"
                                + " (wasm.table.max-elements)");
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void aTableWithoutMaximumIsRefused(TestEngine engine) {
        assertThatThrownBy(() -> load(engine.config().build(), "table_unbounded.wasm"))
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("Wasm module 'table_unbounded.wasm' cannot be loaded")
                .hasMessageContaining("table 0 declares no maximum size")
                .hasMessageContaining("the limit of 16384 elements (wasm.table.max-elements)");
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void aMaximumOverTheCapIsRefused(TestEngine engine) {
        assertThatThrownBy(
                        () -> load(engine.config().maxTableElements(63).build(), "table_grow.wasm"))
                .isInstanceOf(WasmLoadException.class)
                .hasMessage(
                        "Wasm module 'table_grow.wasm' cannot be loaded: table 0 may grow to 64"
                                + " elements, over the limit of 63 (wasm.table.max-elements)");
    }

    /**
     * With the maximum at or below the cap, the engine itself refuses table.grow past it (-1), so
     * growth at run time never passes the cap either; no engine needs (or offers) more.
     *
     * <p>Chicory 1.5.1's table.grow also raises the minimum in the parsed module's table type,
     * which every instance of the module shares (the parse is cached): a later instance starts with
     * the grown size. Still never past the maximum, so the cap holds; the test therefore grows to
     * the maximum from whatever size the instance starts with.
     */
    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void tableGrowStopsAtTheDeclaredMaximumOnEveryEngine(TestEngine engine) {
        try (WasmInstance instance =
                load(engine.config().maxTableElements(64).build(), "table_grow.wasm")) {
            WasmFunction grow = instance.function("grow");
            WasmFunction size = instance.function("size");
            assertThat(grow.call(1000)).containsExactly(-1);
            long start = size.call()[0];
            assertThat(start).isBetween(1L, 64L);
            assertThat(grow.call(64 - start)).containsExactly(start);
            assertThat(grow.call(1)).containsExactly(-1);
            assertThat(size.call()).containsExactly(64);
        }
    }

    /** The defaults' headroom: the guests with the biggest tables and module pass. */
    @Test
    void everyGuestHereLoadsUnderTheDefaults() {
        WasmRuntimeConfig defaults = WasmRuntimeConfig.defaults();
        for (String guest :
                List.of(
                        "wasm/tinygo_httpget.wasm",
                        "wasm/sandbox_probe.wasm",
                        "dev/flinkyomo/wasm/guests/noise.wasm")) {
            WasmModuleInfo info = WasmModuleInfo.inspect(WasmModuleSource.fromClasspath(guest));
            WasmModuleLimits.checkSize(WasmModuleSource.fromClasspath(guest), defaults);
            WasmModuleLimits.checkTables(info, defaults);
            assertThat(info.tables()).hasSize(1);
        }
    }
}
