package dev.flinkyomo.wasm.table;

import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import dev.flinkyomo.wasm.TestClusters;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wasm exports and YoMo stream functions from SQL ({@code LOAD MODULE wasm}) and the Table API. */
class WasmSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManagerTwoSlots();

    private TableEnvironment tEnv;

    @BeforeEach
    void setUp() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        tEnv.getConfig().set("parallelism.default", "1");
    }

    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        return rows;
    }

    private void loadModule(String paths) {
        tEnv.executeSql("LOAD MODULE wasm WITH ('path' = '" + paths + "')");
    }

    @Test
    void numericExportsBecomeTypedScalarFunctions() throws Exception {
        loadModule("classpath:wasm/numeric.wasm");
        assertThat(tEnv.listFunctions())
                .contains("add_i32", "mul_i64", "half_f32", "hypot_f64", "bytes_reverse")
                .doesNotContain("alloc");
        assertThat(
                        query(
                                "SELECT add_i32(a, 2), mul_i64(b, 3), half_f32(c), hypot_f64(d, 4.0), "
                                        + "celsius_to_fahrenheit(d), add_i32(CAST(NULL AS INT), 1) "
                                        + "FROM (VALUES (40, CAST(7000000000 AS BIGINT), CAST(5 AS FLOAT), CAST(3 AS DOUBLE))) AS t(a, b, c, d)"))
                .containsExactly("+I[42, 21000000000, 2.5, 5.0, 37.4, null]");
    }

    @Test
    void resultTypesComeFromTheWasmSignature() {
        loadModule("classpath:wasm/numeric.wasm");
        assertThat(
                        tEnv.sqlQuery(
                                        "SELECT add_i32(1, 2) AS i, mul_i64(1, 2) AS l, half_f32(1) AS f, "
                                                + "hypot_f64(1, 2) AS d, bytes_reverse(x'01') AS b")
                                .getResolvedSchema()
                                .getColumnDataTypes()
                                .toString())
                .isEqualTo("[INT, BIGINT, FLOAT, DOUBLE, BYTES]");
    }

    @Test
    void bytesAndStringConventionFunctions() throws Exception {
        loadModule("classpath:wasm/numeric.wasm;" + ExampleGuests.UPPERCASE);
        assertThat(
                        query(
                                "SELECT str_upper(s), bytes_reverse(CAST(s AS BYTES)) FROM (VALUES ('hello'), ('äbc')) AS t(s)"))
                .containsExactly(
                        "+I[HELLO, [111, 108, 108, 101, 104]]", "+I[äBC, [99, 98, -92, -61]]");
    }

    @Test
    void constantCallsAreFoldedAtPlanningTimeInTheClient() {
        loadModule("classpath:wasm/numeric.wasm");
        String plan = tEnv.explainSql("SELECT add_i32(40, 2), answer() FROM (VALUES (1)) AS t(x)");
        String optimized = plan.substring(plan.indexOf("== Optimized Physical Plan =="));
        assertThat(optimized).contains("42").doesNotContain("add_i32").doesNotContain("answer");
    }

    @Test
    void streamFunctionsBecomeTableFunctions() throws Exception {
        loadModule(ExampleGuests.UPPERCASE + ";" + ExampleGuests.NOISE);
        assertThat(tEnv.listFunctions()).contains("uppercase_sfn", "noise_sfn", "str_upper");
        assertThat(
                        query(
                                "SELECT t.tag, CAST(t.payload AS STRING) FROM "
                                        + "(VALUES (CAST(51 AS BIGINT), 'hello'), (CAST(99 AS BIGINT), 'unobserved')) AS src(tag, payload), "
                                        + "LATERAL TABLE(uppercase_sfn(src.tag, src.payload)) AS t(tag, payload, target)"))
                .containsExactly("+I[52, HELLO]");
        assertThat(
                        query(
                                "SELECT src.id, t.tag, CAST(t.payload AS STRING) FROM (VALUES "
                                        + "(1, '{\"noise\":50,\"time\":1,\"from\":\"a\"}'), "
                                        + "(2, '{\"noise\":170,\"time\":2,\"from\":\"b\"}'), "
                                        + "(3, 'garbage')) AS src(id, payload) "
                                        + "LEFT JOIN LATERAL TABLE(noise_sfn(51, src.payload)) AS t(tag, payload, target) ON TRUE"))
                .containsExactly(
                        "+I[1, 52, {\"noise\":5,\"time\":1,\"from\":\"a\"}]",
                        "+I[2, 52, {\"noise\":17,\"time\":2,\"from\":\"b\"}]",
                        "+I[2, 53, {\"alert\":\"noise\",\"noise\":17,\"time\":2,\"from\":\"b\"}]",
                        "+I[3, null, null]");
    }

    @Test
    void imageGuestOverRawRgbFramesFromSql() throws Exception {
        loadModule(ExampleGuests.FRAME_STATS);
        // 4x1 frame: red, green, blue, white (see the DataStream test for the arithmetic); then a
        // frame whose header promises 2x2 pixels but which carries only 2 bytes of them
        assertThat(
                        query(
                                "SELECT src.id, t.tag, CAST(t.payload AS STRING) FROM (VALUES "
                                        + "(1, X'0400000001000000FF000000FF000000FFFFFFFF'), "
                                        + "(2, X'02000000020000000000')) AS src(id, frame), "
                                        + "LATERAL TABLE(frame_stats_sfn(64, src.frame)) AS t(tag, payload, target)"))
                .containsExactly(
                        "+I[1, 65, {\"width\":4,\"height\":1,\"brightness\":127,\"edge_permille\":750}]",
                        "+I[2, 78, frame length: expected 20 bytes, got 10]");
    }

    @Test
    void tinyGoGuestAsATableFunction() throws Exception {
        loadModule("classpath:wasm/tinygo_uppercase.wasm");
        assertThat(
                        query(
                                "SELECT src.id, t.tag, CAST(t.payload AS STRING) FROM "
                                        + "(VALUES (1, 'yomo'), (2, 'flink')) AS src(id, payload), "
                                        + "LATERAL TABLE(tinygo_uppercase_sfn(51, src.payload)) AS t(tag, payload, target)"))
                .containsExactly("+I[1, 52, YOMO]", "+I[2, 52, FLINK]");
    }

    @Test
    void trapFailsTheQueryByDefaultAndReturnsNullOnRequest() throws Exception {
        loadModule("classpath:wasm/numeric.wasm");
        assertThatThrownBy(() -> query("SELECT div_i32(a, b) FROM (VALUES (1, 0)) AS t(a, b)"))
                .hasStackTraceContaining("TRAP in Wasm module 'numeric.wasm' calling div_i32");
        tEnv.executeSql("UNLOAD MODULE wasm");
        tEnv.executeSql(
                "LOAD MODULE wasm WITH ('path' = 'classpath:wasm/numeric.wasm', 'wasm.sql.on-error' = 'null')");
        assertThat(query("SELECT div_i32(a, b) FROM (VALUES (7, 0), (7, 2)) AS t(a, b)"))
                .containsExactly("+I[null]", "+I[3]");
    }

    @Test
    void badModuleFailsLoadModuleWithItsName() {
        assertThatThrownBy(() -> loadModule("classpath:wasm/malformed.wasm"))
                .hasStackTraceContaining(
                        "Wasm module 'malformed.wasm' cannot be loaded: malformed Wasm binary");
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "LOAD MODULE wasm WITH ('path' = 'x.wasm', 'wasm.engine' = 'v8')"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void tableApiRegistrationWithWasmtime() throws Exception {
        WasmFunctions.register(
                tEnv,
                ExampleGuests.load(ExampleGuests.UPPERCASE),
                WasmRuntimeConfig.builder()
                        .engine(dev.flinkyomo.wasm.runtime.WasmEngineType.WASMTIME)
                        .build());
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it =
                tEnv.fromValues("flink", "yomo")
                        .as("s")
                        .select(call("str_upper", $("s")))
                        .execute()
                        .collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        assertThat(rows).containsExactly("+I[FLINK]", "+I[YOMO]");
        assertThat(
                        WasmFunctions.of(
                                WasmModuleSource.fromClasspath("wasm/chaos.wasm"),
                                WasmRuntimeConfig.defaults(),
                                dev.flinkyomo.wasm.config.SqlErrorPolicy.FAIL))
                .containsOnlyKeys("chaos_sfn");
    }
}
