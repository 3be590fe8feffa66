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

    private final WasmEngineType engine;
    private final ChicoryMode chicoryMode;
    private final Duration callTimeout;
    private final int maxMemoryPages;
    private final int guestLogBytesPerMinute;

    private WasmRuntimeConfig(Builder b) {
        this.engine = b.engine;
        this.chicoryMode = b.chicoryMode;
        this.callTimeout = b.callTimeout;
        this.maxMemoryPages = b.maxMemoryPages;
        this.guestLogBytesPerMinute = b.guestLogBytesPerMinute;
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
                .guestLogBytesPerMinute(guestLogBytesPerMinute);
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

    @Override
    public String toString() {
        return "engine="
                + engine
                + (engine == WasmEngineType.CHICORY ? "/" + chicoryMode : "")
                + ", callTimeout="
                + callTimeout
                + ", maxMemoryPages="
                + maxMemoryPages;
    }

    /**
     * Builder with the defaults: Chicory compiled, 5 s per call, 256 pages, 64 KiB of guest log per
     * minute.
     */
    public static final class Builder {
        private WasmEngineType engine = WasmEngineType.CHICORY;
        private ChicoryMode chicoryMode = ChicoryMode.COMPILED;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private int maxMemoryPages = DEFAULT_MAX_MEMORY_PAGES;
        private int guestLogBytesPerMinute = DEFAULT_GUEST_LOG_BYTES_PER_MINUTE;

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

        public WasmRuntimeConfig build() {
            return new WasmRuntimeConfig(this);
        }
    }
}
