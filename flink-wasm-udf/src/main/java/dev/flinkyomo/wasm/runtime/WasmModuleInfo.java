package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a module imports and exports, read with Chicory's parser (pure Java) so every engine and the
 * SQL planner see the same facts. Functions with non-number types (references, v128) are kept out
 * of {@link #exports()} and reported by {@link #unsupportedExports()}.
 */
@Internal
public final class WasmModuleInfo {

    /** One function import. */
    public static final class ImportedFunction {
        private final String module;
        private final String name;
        private final WasmSignature signature;

        ImportedFunction(String module, String name, WasmSignature signature) {
            this.module = module;
            this.name = name;
            this.signature = signature;
        }

        public String module() {
            return module;
        }

        public String name() {
            return name;
        }

        public WasmSignature signature() {
            return signature;
        }

        public String qualifiedName() {
            return module + "." + name;
        }
    }

    /**
     * A table the module declares or imports: its initial size and declared maximum in elements
     * ({@code -1} when it declares none, so it may grow without bound).
     */
    public record TableLimit(int index, boolean imported, long initial, long maximum) {}

    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private final String moduleName;
    private final WasmModule module;
    private final List<ImportedFunction> imports;
    private final List<String> nonFunctionImports;
    private final Map<String, WasmSignature> exports;
    private final List<String> unsupportedExports;
    private final int initialPages;
    private final int maximumPages;
    private final boolean hasMemory;
    private final List<TableLimit> tables;
    private final boolean codeStripped;

    private WasmModuleInfo(String moduleName, WasmModule module, boolean codeStripped) {
        this.moduleName = moduleName;
        this.module = module;
        this.codeStripped = codeStripped;
        List<ImportedFunction> functionImports = new ArrayList<>();
        List<String> otherImports = new ArrayList<>();
        List<FunctionType> functionTypes = new ArrayList<>();
        List<TableLimit> tableLimits = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            if (imp.importType() == ExternalType.TABLE) {
                tableLimits.add(tableLimit(tableLimits.size(), true, ((TableImport) imp).limits()));
            }
            if (imp.importType() == ExternalType.FUNCTION) {
                FunctionType type =
                        module.typeSection().getType(((FunctionImport) imp).typeIndex());
                functionTypes.add(type);
                functionImports.add(
                        new ImportedFunction(
                                imp.module(),
                                imp.name(),
                                signatureOf(type, imp.module() + "." + imp.name())));
            } else {
                otherImports.add(imp.importType() + " " + imp.module() + "." + imp.name());
            }
        }
        for (int i = 0; i < module.functionSection().functionCount(); i++) {
            functionTypes.add(module.functionSection().getFunctionType(i, module.typeSection()));
        }
        Map<String, WasmSignature> exported = new LinkedHashMap<>();
        List<String> unsupported = new ArrayList<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.exportType() != ExternalType.FUNCTION) {
                continue;
            }
            FunctionType type = functionTypes.get(export.index());
            if (isNumeric(type)) {
                exported.put(export.name(), signatureOf(type, export.name()));
            } else {
                unsupported.add(export.name() + " " + type);
            }
        }
        for (int i = 0; i < module.tableSection().tableCount(); i++) {
            tableLimits.add(
                    tableLimit(
                            tableLimits.size(), false, module.tableSection().getTable(i).limits()));
        }
        this.tables = Collections.unmodifiableList(tableLimits);
        this.imports = Collections.unmodifiableList(functionImports);
        this.nonFunctionImports = Collections.unmodifiableList(otherImports);
        this.exports = Collections.unmodifiableMap(exported);
        this.unsupportedExports = Collections.unmodifiableList(unsupported);
        Optional<MemoryLimits> memory =
                module.memorySection()
                        .filter(s -> s.memoryCount() > 0)
                        .map(s -> s.getMemory(0).limits());
        this.hasMemory = memory.isPresent();
        this.initialPages = memory.map(MemoryLimits::initialPages).orElse(0);
        this.maximumPages = memory.map(MemoryLimits::maximumPages).orElse(MemoryLimits.MAX_PAGES);
    }

    /**
     * Chicory's parser holds about 40 MB of heap per MB of module (a 2.1 MB module of long
     * functions retained 84 MB) and took 2 to 4 s for it here, so a module is parsed once per
     * content hash and class loader, and off the task thread within the compile timeout.
     */
    private static final CompileCache<WasmModuleInfo> PARSED =
            new CompileCache<>("parsing it", info -> {}, CompileCache.DEFAULT_MAX_ENTRIES);

    /**
     * {@link #inspect(WasmModuleSource)} on a compile thread, waited for until {@code timeout}
     * after {@code loadStartNanos}, cached per content hash and name.
     */
    public static WasmModuleInfo inspect(
            WasmModuleSource source, Duration timeout, long loadStartNanos) {
        return PARSED.get(
                source.sha256() + "/" + source.name(),
                source.name(),
                timeout,
                loadStartNanos,
                () -> inspect(source));
    }

    /**
     * Parses and validates the module on this thread; a malformed module gives a {@link
     * WasmLoadException} naming it. A bundled guest (its digest equal to the bundled file's) is
     * read from the module its build-time compilation left, without function bodies ({@link
     * #codeStripped()}): the full noise guest took 535 to 1,192 ms to parse in a fresh JVM, that
     * one 168 to 307 ms (three runs each, loaded machine).
     */
    public static WasmModuleInfo inspect(WasmModuleSource source) {
        Optional<PrecompiledGuests.Guest> guest = PrecompiledGuests.forDigest(source.sha256());
        return guest.isPresent()
                ? checked(source, guest.get().strippedModule(), true)
                : inspectCode(source);
    }

    /**
     * Like {@link #inspect(WasmModuleSource)} but always parses the whole module, code included.
     */
    public static WasmModuleInfo inspectCode(WasmModuleSource source) {
        WasmModule module;
        try {
            module = Parser.parse(source.bytes());
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new WasmLoadException(
                    source.name(), "malformed Wasm binary: " + e.getMessage(), e);
        }
        return checked(source, module, false);
    }

    private static WasmModuleInfo checked(
            WasmModuleSource source, WasmModule module, boolean codeStripped) {
        WasmModuleInfo info;
        try {
            info = new WasmModuleInfo(source.name(), module, codeStripped);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new WasmLoadException(
                    source.name(), "inconsistent Wasm binary: " + e.getMessage(), e);
        }
        if (!info.nonFunctionImports.isEmpty()) {
            throw new WasmLoadException(
                    source.name(),
                    "imports other than functions are not supported: " + info.nonFunctionImports);
        }
        return info;
    }

    private static TableLimit tableLimit(int index, boolean imported, TableLimits limits) {
        long max = limits.max() >= TableLimits.LIMIT_MAX ? -1 : limits.max();
        return new TableLimit(index, imported, limits.min(), max);
    }

    private static boolean isNumeric(FunctionType type) {
        return type.params().stream().allMatch(WasmModuleInfo::isNumber)
                && type.returns().stream().allMatch(WasmModuleInfo::isNumber);
    }

    private static boolean isNumber(ValType t) {
        return t.equals(ValType.I32)
                || t.equals(ValType.I64)
                || t.equals(ValType.F32)
                || t.equals(ValType.F64);
    }

    private WasmSignature signatureOf(FunctionType type, String what) {
        List<WasmValueType> params = new ArrayList<>();
        List<WasmValueType> results = new ArrayList<>();
        for (ValType t : type.params()) {
            params.add(valueType(t, what));
        }
        for (ValType t : type.returns()) {
            results.add(valueType(t, what));
        }
        return new WasmSignature(params, results);
    }

    private WasmValueType valueType(ValType t, String what) {
        if (t.equals(ValType.I32)) {
            return WasmValueType.I32;
        } else if (t.equals(ValType.I64)) {
            return WasmValueType.I64;
        } else if (t.equals(ValType.F32)) {
            return WasmValueType.F32;
        } else if (t.equals(ValType.F64)) {
            return WasmValueType.F64;
        }
        throw new WasmLoadException(moduleName, what + " uses unsupported value type " + t);
    }

    public String moduleName() {
        return moduleName;
    }

    /** The parsed module, reused by the Chicory engine so a module is parsed once. */
    public WasmModule parsed() {
        return module;
    }

    /**
     * True when {@link #parsed()} is a bundled guest's module without function bodies (each is
     * {@code unreachable}): only its precompiled Chicory machine can run it; the interpreter needs
     * {@link #inspectCode}.
     */
    public boolean codeStripped() {
        return codeStripped;
    }

    public List<ImportedFunction> imports() {
        return imports;
    }

    public boolean importsModule(String importModule) {
        return imports.stream().anyMatch(i -> i.module().equals(importModule));
    }

    public Optional<ImportedFunction> findImport(String importModule, String name) {
        return imports.stream()
                .filter(i -> i.module().equals(importModule) && i.name().equals(name))
                .findFirst();
    }

    /** Exported functions with number-only signatures, in export order. */
    public Map<String, WasmSignature> exports() {
        return exports;
    }

    public boolean exportsFunction(String name) {
        return exports.containsKey(name);
    }

    public List<String> unsupportedExports() {
        return unsupportedExports;
    }

    /** Imported tables first, then declared ones, in index order. */
    public List<TableLimit> tables() {
        return tables;
    }

    public boolean hasMemory() {
        return hasMemory;
    }

    public int initialPages() {
        return initialPages;
    }

    /** Declared maximum, or 65536 when the module declares none. */
    public int maximumPages() {
        return maximumPages;
    }
}
