package dev.flinkyomo.wasm.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

import dev.flinkyomo.wasm.host.HostExtensions;
import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.yomo.HttpAllowList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Options of the Wasm operator and the {@code wasm} SQL module. The same keys work in the job
 * configuration (DataStream builder {@code configure(...)}) and in {@code LOAD MODULE ... WITH
 * (...)}.
 */
@PublicEvolving
public final class WasmOptions {

    private static final Logger LOG = LoggerFactory.getLogger(WasmOptions.class);

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

    public static final ConfigOption<MemorySize> MAX_MODULE_SIZE =
            ConfigOptions.key("wasm.module.max-bytes")
                    .memoryType()
                    .defaultValue(
                            MemorySize.parse(WasmRuntimeConfig.DEFAULT_MAX_MODULE_BYTES + "b"))
                    .withDescription(
                            "Largest .wasm module accepted (default 4 MiB: 9 times the largest guest here, TinyGo's 436 KiB; Chicory holds about 40 MB of heap per parsed MB); "
                                    + "checked before parsing, on every engine.");

    public static final ConfigOption<Integer> MAX_TABLES =
            ConfigOptions.key("wasm.table.max-count")
                    .intType()
                    .defaultValue(WasmRuntimeConfig.DEFAULT_MAX_TABLES)
                    .withDescription(
                            "Most tables a module may declare or import; every guest here has one.");

    public static final ConfigOption<Integer> MAX_TABLE_ELEMENTS =
            ConfigOptions.key("wasm.table.max-elements")
                    .intType()
                    .defaultValue(WasmRuntimeConfig.DEFAULT_MAX_TABLE_ELEMENTS)
                    .withDescription(
                            "Largest initial and maximum size of each table, in elements; a table without a maximum is refused, "
                                    + "so table.grow cannot pass the cap on any engine.");

    public static final ConfigOption<Duration> COMPILE_TIMEOUT =
            ConfigOptions.key("wasm.compile-timeout")
                    .durationType()
                    .defaultValue(WasmRuntimeConfig.DEFAULT_COMPILE_TIMEOUT)
                    .withDescription(
                            "Longest a module may take to compile (on a compile thread, not the task thread); "
                                    + "over it the load fails and the compile thread is left to finish on its own.");

    public static final ConfigOption<List<String>> HTTP_ALLOWED_ENDPOINTS =
            ConfigOptions.key("wasm.http.allowed-endpoints")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "host:port pairs a stream function may reach with yomo_http_send (e.g. 'api.example.com:443;[::1]:8080'). "
                                    + "Empty (default): every call is refused with code 2.");

    /**
     * Bare hosts, every port allowed.
     *
     * @deprecated use {@link #HTTP_ALLOWED_ENDPOINTS}, which names the port too; entries here are
     *     still honoured (every port of the host) and logged as deprecated.
     */
    @Deprecated
    public static final ConfigOption<List<String>> HTTP_ALLOWED_HOSTS =
            ConfigOptions.key("wasm.http.allowed-hosts")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Deprecated: use 'wasm.http.allowed-endpoints'. Hosts a stream function may reach with yomo_http_send on any port.");

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
                .maxModuleBytes(moduleBytes(config.get(MAX_MODULE_SIZE)))
                .maxTables(config.get(MAX_TABLES))
                .maxTableElements(config.get(MAX_TABLE_ELEMENTS))
                .compileTimeout(config.get(COMPILE_TIMEOUT))
                // the options of host import providers (e.g. wasm.nn.*), read on the client
                .hostOptions(HostExtensions.fromConfig(config))
                .build();
    }

    private static int moduleBytes(MemorySize size) {
        long bytes = size.getBytes();
        if (bytes > WasmModuleSource.MAX_MODULE_BYTES) {
            throw new IllegalArgumentException(
                    MAX_MODULE_SIZE.key()
                            + " is "
                            + size
                            + ", above the most a module source reads ("
                            + WasmModuleSource.MAX_MODULE_BYTES
                            + " bytes)");
        }
        return (int) bytes;
    }

    /**
     * The yomo_http_send allow-list of a configuration: {@link #HTTP_ALLOWED_ENDPOINTS} (each entry
     * must be host:port) plus the deprecated {@link #HTTP_ALLOWED_HOSTS} (bare hosts, every port; a
     * warning names them).
     */
    @SuppressWarnings("deprecation")
    public static Set<String> httpAllowList(ReadableConfig config) {
        List<String> endpoints = config.getOptional(HTTP_ALLOWED_ENDPOINTS).orElse(List.of());
        HttpAllowList.requirePorts(HTTP_ALLOWED_ENDPOINTS.key(), endpoints);
        List<String> hosts = config.getOptional(HTTP_ALLOWED_HOSTS).orElse(List.of());
        if (!hosts.isEmpty()) {
            LOG.warn(
                    "'{}' is deprecated and allows every port of {}; list host:port pairs in '{}'",
                    HTTP_ALLOWED_HOSTS.key(),
                    hosts,
                    HTTP_ALLOWED_ENDPOINTS.key());
        }
        Set<String> all = new LinkedHashSet<>(endpoints);
        all.addAll(hosts);
        return all;
    }
}
