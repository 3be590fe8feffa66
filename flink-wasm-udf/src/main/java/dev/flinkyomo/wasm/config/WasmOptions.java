package dev.flinkyomo.wasm.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;

import java.time.Duration;
import java.util.List;

/**
 * Options of the Wasm operator and the {@code wasm} SQL module. The same keys work in the job
 * configuration (DataStream builder {@code configure(...)}) and in {@code LOAD MODULE ... WITH
 * (...)}.
 */
@PublicEvolving
public final class WasmOptions {

    public static final ConfigOption<List<String>> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Location of the .wasm module(s), separated by ';': file paths, file: URIs or classpath:<resource>. "
                                    + "The bytes are read on the client and shipped inside the job.");

    public static final ConfigOption<SqlErrorPolicy> SQL_ON_ERROR =
            ConfigOptions.key("wasm.sql.on-error")
                    .enumType(SqlErrorPolicy.class)
                    .defaultValue(SqlErrorPolicy.FAIL)
                    .withDescription(
                            "What a SQL function does when the guest traps or times out: 'fail' the query (default) "
                                    + "or return NULL (scalar) / no rows (table function); the instance is rebuilt either way.");

    public static final ConfigOption<WasmEngineType> ENGINE =
            ConfigOptions.key("wasm.engine")
                    .enumType(WasmEngineType.class)
                    .defaultValue(WasmEngineType.CHICORY)
                    .withDescription(
                            "Wasm engine: 'chicory' (pure Java, default) or 'wasmtime' (wasmtime-java JNI).");

    public static final ConfigOption<ChicoryMode> CHICORY_MODE =
            ConfigOptions.key("wasm.chicory.mode")
                    .enumType(ChicoryMode.class)
                    .defaultValue(ChicoryMode.COMPILED)
                    .withDescription(
                            "Chicory execution: 'compiled' (Wasm to JVM bytecode once per module per JVM) or 'interpreted'.");

    public static final ConfigOption<Duration> CALL_TIMEOUT =
            ConfigOptions.key("wasm.call-timeout")
                    .durationType()
                    .defaultValue(WasmRuntimeConfig.DEFAULT_CALL_TIMEOUT)
                    .withDescription(
                            "Longest a single guest call may run before it is interrupted (about 2 ms resolution).");

    public static final ConfigOption<Integer> MAX_MEMORY_PAGES =
            ConfigOptions.key("wasm.memory.max-pages")
                    .intType()
                    .defaultValue(WasmRuntimeConfig.DEFAULT_MAX_MEMORY_PAGES)
                    .withDescription(
                            "Cap on each instance's linear memory in 64 KiB pages (module maximum still applies).");

    public static final ConfigOption<Integer> GUEST_LOG_BYTES_PER_MINUTE =
            ConfigOptions.key("wasm.guest-log.bytes-per-minute")
                    .intType()
                    .defaultValue(WasmRuntimeConfig.DEFAULT_GUEST_LOG_BYTES_PER_MINUTE)
                    .withDescription(
                            "WASI stdout/stderr bytes per module instance and minute forwarded to the task log; the rest is counted and dropped.");

    public static final ConfigOption<List<String>> HTTP_ALLOWED_HOSTS =
            ConfigOptions.key("wasm.http.allowed-hosts")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Hosts a stream function may reach with yomo_http_send. Empty (default): every call is refused with code 2.");

    public static final ConfigOption<UnobservedTagPolicy> UNOBSERVED_TAGS =
            ConfigOptions.key("wasm.unobserved-tags")
                    .enumType(UnobservedTagPolicy.class)
                    .defaultValue(UnobservedTagPolicy.PASS_THROUGH)
                    .withDescription(
                            "What the DataStream operator does with records whose tag the function does not observe: "
                                    + "'pass_through' (emit unchanged) or 'drop'.");

    private WasmOptions() {}

    public static WasmRuntimeConfig runtimeConfig(ReadableConfig config) {
        return WasmRuntimeConfig.builder()
                .engine(config.get(ENGINE))
                .chicoryMode(config.get(CHICORY_MODE))
                .callTimeout(config.get(CALL_TIMEOUT))
                .maxMemoryPages(config.get(MAX_MEMORY_PAGES))
                .guestLogBytesPerMinute(config.get(GUEST_LOG_BYTES_PER_MINUTE))
                .build();
    }
}
