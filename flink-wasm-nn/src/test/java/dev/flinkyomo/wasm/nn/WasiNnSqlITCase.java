package dev.flinkyomo.wasm.nn;

import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier guests as SQL table functions ({@code LOAD MODULE wasm}), with the WASI-NN options
 * in the module's WITH clause: models shipped from the client, a model directory, or none.
 */
class WasiNnSqlITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestCluster.create();

    static final String GUESTS =
            "classpath:dev/flinkyomo/wasm/nn/guests/classifier_c.wasm;"
                    + "classpath:dev/flinkyomo/wasm/nn/guests/classifier_rust.wasm";

    private TableEnvironment tEnv;

    @BeforeEach
    void setUp() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        tEnv.getConfig().set("parallelism.default", "1");
        List<Row> rows = new ArrayList<>();
        for (int label = 0; label < Frames.LABELS.length; label++) {
            rows.add(Row.of(Frames.LABELS[label], Frames.disc(label)));
        }
        tEnv.createTemporaryView(
                "frames",
                tEnv.fromValues(
                        DataTypes.ROW(
                                DataTypes.FIELD("colour", DataTypes.STRING()),
                                DataTypes.FIELD("frame", DataTypes.BYTES())),
                        rows));
    }

    private List<String> classify(String function) throws Exception {
        List<String> out = new ArrayList<>();
        String sql =
                "SELECT f.colour, t.tag, JSON_VALUE(CAST(t.payload AS STRING), '$.label')"
                        + " FROM frames AS f, LATERAL TABLE("
                        + function
                        + "(64, f.frame)) AS t(tag, payload, target)";
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        return out;
    }

    private static List<String> rightLabels() {
        List<String> rows = new ArrayList<>();
        for (String label : Frames.LABELS) {
            rows.add("+I[" + label + ", 66, " + label + "]");
        }
        return rows;
    }

    @Test
    void modelsShippedFromTheClientClassifyInBothGuests() throws Exception {
        tEnv.executeSql(
                "LOAD MODULE wasm WITH ('path' = '"
                        + GUESTS
                        + "', 'wasm.call-timeout' = '20 s', "
                        + "'wasm.nn.models' = 'colour_discs=classpath:colour_discs.onnx')");
        assertThat(classify("classifier_c_sfn")).containsExactlyInAnyOrderElementsOf(rightLabels());
        assertThat(classify("classifier_rust_sfn"))
                .containsExactlyInAnyOrderElementsOf(rightLabels());
    }

    @Test
    void modelsFromTheModelDirectory(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("colour_discs.onnx"), Frames.model());
        tEnv.executeSql(
                "LOAD MODULE wasm WITH ('path' = '"
                        + GUESTS
                        + "', 'wasm.call-timeout' = '20 s', 'wasm.nn.model-dir' = '"
                        + dir
                        + "')");
        assertThat(classify("classifier_c_sfn")).containsExactlyInAnyOrderElementsOf(rightLabels());
    }

    @Test
    void withoutModelsTheGuestReportsNotFound() throws Exception {
        tEnv.executeSql("LOAD MODULE wasm WITH ('path' = '" + GUESTS + "')");
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it =
                tEnv.executeSql(
                                "SELECT t.tag, CAST(t.payload AS STRING) FROM frames AS f,"
                                        + " LATERAL TABLE(classifier_rust_sfn(64, f.frame))"
                                        + " AS t(tag, payload, target)")
                        .collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        assertThat(out).hasSize(4).containsOnly("+I[78, load_by_name: not_found (8)]");
    }

    @Test
    void plainExportsOfAModuleImportingWasiNnAreScalarFunctions() throws Exception {
        tEnv.executeSql(
                "LOAD MODULE wasm WITH ('path' = 'classpath:wasm/nn_probe.wasm', "
                        + "'wasm.nn.models' = 'colour_discs=classpath:colour_discs.onnx')");
        List<String> out = new ArrayList<>();
        // "colour_discs" is at 256 in the probe's memory; its first 6 bytes name no model
        try (CloseableIterator<Row> it =
                tEnv.executeSql(
                                "SELECT n, probe_load_by_name(256, n, 16)"
                                        + " FROM (VALUES (12), (6)) AS t(n)")
                        .collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        assertThat(out)
                .containsExactlyInAnyOrder("+I[12, 0]", "+I[6, " + NnErrno.NOT_FOUND.code() + "]");
    }
}
