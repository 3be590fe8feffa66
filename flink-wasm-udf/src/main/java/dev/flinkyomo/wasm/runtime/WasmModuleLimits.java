package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

/**
 * The load-time limits every engine applies before compiling: module size, and the number and size
 * of tables. Checked on what {@link WasmModuleInfo} parsed (Chicory's pure-Java parser), so the
 * same module is refused the same way on every engine.
 *
 * <p>Tables are allocated whole when an instance is made (Chicory: an int and an object slot per
 * element; wasmtime: 8 bytes per element), so a module declaring a table of 10 million elements
 * would cost every instance tens of megabytes before its first call. A table without a declared
 * maximum is refused too: {@code table.grow} could then grow it inside a call without bound, and
 * neither wasmtime-java 0.19.0 (no store limiter) nor Chicory 1.5.1 (no table limit on the instance
 * builder) can cap growth from the outside. With every maximum at or below the cap, both engines
 * refuse growth past it themselves ({@code table.grow} returns -1, as the spec has it for a
 * declared maximum); {@code TableLimitTest} shows it on all three engines.
 */
@Internal
public final class WasmModuleLimits {

    private WasmModuleLimits() {}

    /** Refuses a module over {@link WasmRuntimeConfig#maxModuleBytes()}, before parsing it. */
    public static void checkSize(WasmModuleSource source, WasmRuntimeConfig config) {
        if (source.bytes().length > config.maxModuleBytes()) {
            throw new WasmLoadException(
                    source.name(),
                    "it has "
                            + source.bytes().length
                            + " bytes, over the module size limit of "
                            + config.maxModuleBytes()
                            + " bytes (wasm.module.max-bytes)");
        }
    }

    /** Refuses too many tables, or a table that starts or may grow over the element cap. */
    public static void checkTables(WasmModuleInfo info, WasmRuntimeConfig config) {
        if (info.tables().size() > config.maxTables()) {
            throw new WasmLoadException(
                    info.moduleName(),
                    "it declares or imports "
                            + info.tables().size()
                            + " tables, over the limit of "
                            + config.maxTables()
                            + " (wasm.table.max-count)");
        }
        long cap = config.maxTableElements();
        for (WasmModuleInfo.TableLimit t : info.tables()) {
            String table = (t.imported() ? "imported table " : "table ") + t.index();
            if (t.initial() > cap) {
                throw new WasmLoadException(
                        info.moduleName(),
                        table
                                + " starts with "
                                + t.initial()
                                + " elements, over the limit of "
                                + cap
                                + " (wasm.table.max-elements)");
            }
            if (t.maximum() < 0) {
                throw new WasmLoadException(
                        info.moduleName(),
                        table
                                + " declares no maximum size (or one of 10,000,000 or more), so"
                                + " table.grow could grow it past the limit of "
                                + cap
                                + " elements (wasm.table.max-elements); link the guest with a"
                                + " fixed table (wasm-ld without --growable-table)");
            }
            if (t.maximum() > cap) {
                throw new WasmLoadException(
                        info.moduleName(),
                        table
                                + " may grow to "
                                + t.maximum()
                                + " elements, over the limit of "
                                + cap
                                + " (wasm.table.max-elements)");
            }
        }
    }
}
