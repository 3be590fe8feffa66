package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** Engine choice and the sandbox limits applied to every instance. Immutable. */
@PublicEvolving
public final class WasmRuntimeConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    /** 256 pages = 16 MiB of linear memory per instance. */
    public static final int DEFAULT_MAX_MEMORY_PAGES = 256;

    public static final int DEFAULT_GUEST_LOG_BYTES_PER_MINUTE = 64 * 1024;

    /**
     * 4 MiB. The largest guest here, TinyGo's HTTP example on YoMo's Go SDK, is 436 KiB (TinyGo
     * uppercase 201 KiB, Rust noise 122 KiB, C guests 1 to 3 KiB): 9 times headroom. The 64 MiB
     * accepted before was far beyond what a task manager can afford: Chicory's parsed form holds
     * about 40 MB of heap per MB of module (a generated 2.1 MB module retained 84 MB), and parsing
     * plus compiling it took 7 s on a shared 2-core machine, per class loader.
     */
    public static final int DEFAULT_MAX_MODULE_BYTES = 4 * 1024 * 1024;

    /**
     * 4 tables. Every guest here (clang, rustc, TinyGo) declares exactly one, the indirect function
     * table; code with reference types may add a few externref tables.
     */
    public static final int DEFAULT_MAX_TABLES = 4;

    /**
     * 16,384 elements per table, initial and maximum. The largest table here is the Rust sandbox
     * probe's 106 (noise 72, TinyGo 72 and 10, C 1): 150 times headroom, and at most 128 KiB of
     * table per instance on wasmtime (8 bytes an element), about as much on Chicory.
     */
    public static final int DEFAULT_MAX_TABLE_ELEMENTS = 16 * 1024;

    /**
     * 60 s for parsing and compiling a module. The largest guest here (TinyGo, 436 KiB) took 7.3 s
     * to load cold with Chicory compiled and 0.9 s with wasmtime on a shared 2-core machine;
     * generated modules of 2.1 and 2.8 MB took 7 to 10 s, so a module at the 4 MiB size limit needs
     * about 15 to 20 s. Long enough for any module within the size limit, short enough that a task
     * stuck on a hostile one fails instead of hanging.
     */
    public static final Duration DEFAULT_COMPILE_TIMEOUT = Duration.ofSeconds(60);

    private final WasmEngineType engine;
    private final ChicoryMode chicoryMode;
    private final Duration callTimeout;
    private final int maxMemoryPages;
    private final int guestLogBytesPerMinute;
    private final int maxModuleBytes;
    private final int maxTables;
    private final int maxTableElements;
    private final Duration compileTimeout;
    private final HostOptions hostOptions;

    private WasmRuntimeConfig(Builder b) {
        this.engine = b.engine;
        this.chicoryMode = b.chicoryMode;
        this.callTimeout = b.callTimeout;
        this.maxMemoryPages = b.maxMemoryPages;
        this.guestLogBytesPerMinute = b.guestLogBytesPerMinute;
        this.maxModuleBytes = b.maxModuleBytes;
        this.maxTables = b.maxTables;
        this.maxTableElements = b.maxTableElements;
        this.compileTimeout = b.compileTimeout;
        this.hostOptions = b.hostOptions;
    }

    public static WasmRuntimeConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .engine(engine)
                .chicoryMode(chicoryMode)
                .callTimeout(callTimeout)
                .maxMemoryPages(maxMemoryPages)
                .guestLogBytesPerMinute(guestLogBytesPerMinute)
                .maxModuleBytes(maxModuleBytes)
                .maxTables(maxTables)
                .maxTableElements(maxTableElements)
                .compileTimeout(compileTimeout)
                .hostOptions(hostOptions);
    }

    public WasmEngineType engine() {
        return engine;
    }

    public ChicoryMode chicoryMode() {
        return chicoryMode;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public int maxMemoryPages() {
        return maxMemoryPages;
    }

    public int guestLogBytesPerMinute() {
        return guestLogBytesPerMinute;
    }

    public int maxModuleBytes() {
        return maxModuleBytes;
    }

    public int maxTables() {
        return maxTables;
    }

    public int maxTableElements() {
        return maxTableElements;
    }

    public Duration compileTimeout() {
        return compileTimeout;
    }

    /** Options and shipped files of the host import providers (e.g. WASI-NN's models). */
    public HostOptions hostOptions() {
        return hostOptions;
    }

    @Override
    public String toString() {
        return "engine="
                + engine
                + (engine == WasmEngineType.CHICORY ? "/" + chicoryMode : "")
                + ", callTimeout="
                + callTimeout
                + ", maxMemoryPages="
                + maxMemoryPages
                + ", maxModuleBytes="
                + maxModuleBytes
                + ", maxTables="
                + maxTables
                + ", maxTableElements="
                + maxTableElements
                + ", compileTimeout="
                + compileTimeout
                + (hostOptions.isEmpty() ? "" : ", hostOptions=" + hostOptions);
    }

    /**
     * Builder with the defaults: Chicory compiled, 5 s per call, 256 pages, 64 KiB of guest log per
     * minute, modules up to 4 MiB with up to 4 tables of 16,384 elements, 60 s to parse and
     * compile.
     */
    public static final class Builder {
        private WasmEngineType engine = WasmEngineType.CHICORY;
        private ChicoryMode chicoryMode = ChicoryMode.COMPILED;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private int maxMemoryPages = DEFAULT_MAX_MEMORY_PAGES;
        private int guestLogBytesPerMinute = DEFAULT_GUEST_LOG_BYTES_PER_MINUTE;
        private int maxModuleBytes = DEFAULT_MAX_MODULE_BYTES;
        private int maxTables = DEFAULT_MAX_TABLES;
        private int maxTableElements = DEFAULT_MAX_TABLE_ELEMENTS;
        private Duration compileTimeout = DEFAULT_COMPILE_TIMEOUT;
        private HostOptions hostOptions = HostOptions.empty();

        public Builder engine(WasmEngineType engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        public Builder chicoryMode(ChicoryMode mode) {
            this.chicoryMode = Objects.requireNonNull(mode, "chicoryMode");
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "Wasm call timeout must be positive, got " + timeout);
            }
            this.callTimeout = timeout;
            return this;
        }

        public Builder maxMemoryPages(int pages) {
            if (pages < 1 || pages > 65536) {
                throw new IllegalArgumentException(
                        "Wasm memory cap must be 1..65536 pages of 64 KiB, got " + pages);
            }
            this.maxMemoryPages = pages;
            return this;
        }

        public Builder guestLogBytesPerMinute(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("guest log budget must be >= 0, got " + bytes);
            }
            this.guestLogBytesPerMinute = bytes;
            return this;
        }

        /** At most {@link WasmModuleSource#MAX_MODULE_BYTES}, what a source reads at all. */
        public Builder maxModuleBytes(int bytes) {
            if (bytes < 8 || bytes > WasmModuleSource.MAX_MODULE_BYTES) {
                throw new IllegalArgumentException(
                        "Wasm module size limit must be 8.."
                                + WasmModuleSource.MAX_MODULE_BYTES
                                + " bytes, got "
                                + bytes);
            }
            this.maxModuleBytes = bytes;
            return this;
        }

        public Builder maxTables(int tables) {
            if (tables < 0) {
                throw new IllegalArgumentException(
                        "Wasm table count limit must be >= 0, got " + tables);
            }
            this.maxTables = tables;
            return this;
        }

        public Builder maxTableElements(int elements) {
            if (elements < 0) {
                throw new IllegalArgumentException(
                        "Wasm table size limit must be >= 0 elements, got " + elements);
            }
            this.maxTableElements = elements;
            return this;
        }

        public Builder compileTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "Wasm compile timeout must be positive, got " + timeout);
            }
            this.compileTimeout = timeout;
            return this;
        }

        /** What host import providers read; replaces earlier host options. */
        public Builder hostOptions(HostOptions options) {
            this.hostOptions = Objects.requireNonNull(options, "hostOptions");
            return this;
        }

        public WasmRuntimeConfig build() {
            return new WasmRuntimeConfig(this);
        }
    }
}
