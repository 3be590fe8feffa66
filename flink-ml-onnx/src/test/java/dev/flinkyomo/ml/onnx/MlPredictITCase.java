package dev.flinkyomo.ml.onnx;

import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code CREATE MODEL ... 'provider' = 'onnx'} and {@code ML_PREDICT} on a MiniCluster. */
class MlPredictITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final String MODEL_OPTIONS =
            "'provider' = 'onnx', 'path' = 'classpath:colour_discs.onnx'";

    private TableEnvironment tEnv;

    @BeforeEach
    void setUp() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        tEnv.getConfig().set("parallelism.default", "1");
        List<Row> frames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            frames.add(Row.of(i, DiscFrames.frame(i % 4, 20 + 10 * i, 40 + 3 * i)));
        }
        frames.add(Row.of(99, null));
        tEnv.createTemporaryView(
                "frames",
                tEnv.fromValues(
                        DataTypes.ROW(
                                DataTypes.FIELD("id", DataTypes.INT()),
                                DataTypes.FIELD("pixels", DataTypes.BYTES())),
                        frames));
    }

    /** The causes' messages, for a failed assertion's description. */
    static String brief(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append("\n  ").append(t);
        }
        return b.toString();
    }

    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void labelsAndScoresComeFromTheModelRunInTheTask() throws Exception {
        tEnv.executeSql(
                "CREATE MODEL disc_colour INPUT (pixels BYTES) OUTPUT (label STRING, score FLOAT, k INT)"
                        + " WITH ("
                        + MODEL_OPTIONS
                        + ", 'labels' = 'red;green;blue;yellow',"
                        + " 'error-handling-strategy' = 'ignore')");
        List<String> rows =
                query(
                        "SELECT id, label, k, score > 0.5 FROM ML_PREDICT(TABLE frames, MODEL disc_colour,"
                                + " DESCRIPTOR(pixels))");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.add("+I[" + i + ", " + DiscFrames.LABELS[i % 4] + ", " + (i % 4) + ", true]");
        }
        // The NULL frame fails its prediction; with 'ignore' it is kept, with NULL outputs.
        expected.add("+I[99, null, null, null]");
        expected.sort(null);
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void theSyncPathGivesTheSameLabels() throws Exception {
        tEnv.executeSql(
                "CREATE MODEL disc_colour_sync INPUT (pixels BYTES) OUTPUT (label STRING) WITH ("
                        + MODEL_OPTIONS
                        + ", 'labels' = 'red;green;blue;yellow', 'error-handling-strategy' = 'ignore')");
        List<String> rows =
                query(
                        "SELECT id, label FROM ML_PREDICT(TABLE frames, MODEL disc_colour_sync,"
                                + " DESCRIPTOR(pixels), MAP['async', 'false'])");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.add("+I[" + i + ", " + DiscFrames.LABELS[i % 4] + "]");
        }
        expected.add("+I[99, null]");
        expected.sort(null);
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void anArrayColumnTakesTheRawOutput() throws Exception {
        tEnv.executeSql(
                "CREATE MODEL disc_scores INPUT (pixels BYTES) OUTPUT (probabilities ARRAY<FLOAT>) WITH ("
                        + MODEL_OPTIONS
                        + ", 'error-handling-strategy' = 'ignore')");
        List<String> rows =
                query(
                        "SELECT id, CARDINALITY(probabilities), probabilities[3] > 0.5"
                                + " FROM ML_PREDICT(TABLE frames, MODEL disc_scores, DESCRIPTOR(pixels)) WHERE id = 2");
        assertThat(rows).containsExactly("+I[2, 4, true]");
    }

    @Test
    void aFailedPredictionFailsTheJobByDefaultNamingTheModel() {
        tEnv.executeSql(
                "CREATE MODEL strict INPUT (pixels BYTES) OUTPUT (label STRING) WITH ("
                        + MODEL_OPTIONS
                        + ", 'labels' = 'red;green;blue;yellow')");
        assertThatThrownBy(
                        () ->
                                query(
                                        "SELECT id, label FROM ML_PREDICT(TABLE frames, MODEL strict,"
                                                + " DESCRIPTOR(pixels))"))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        e, "INPUT column 'pixels' is NULL"))
                                        .as(brief(e))
                                        .isPresent());
    }

    @Test
    void schemasThatDoNotFitTheModelAreRefusedWhenPlanned() {
        tEnv.executeSql(
                "CREATE MODEL floats INPUT (pixels ARRAY<FLOAT>) OUTPUT (label STRING) WITH ("
                        + MODEL_OPTIONS
                        + ", 'labels' = 'a;b;c;d')");
        tEnv.executeSql(
                "CREATE MODEL three INPUT (pixels BYTES) OUTPUT (label STRING) WITH ("
                        + MODEL_OPTIONS
                        + ", 'labels' = 'a;b;c')");
        tEnv.executeSql(
                "CREATE MODEL unnamed INPUT (pixels BYTES) OUTPUT (label STRING) WITH ("
                        + MODEL_OPTIONS
                        + ")");
        tEnv.executeSql(
                "CREATE MODEL missing INPUT (pixels BYTES) OUTPUT (label STRING) WITH ("
                        + "'provider' = 'onnx', 'path' = '/nonexistent/m.onnx', 'labels' = 'a')");
        String[][] cases = {
            {
                "floats",
                "INPUT column 'pixels' is ARRAY<FLOAT> (a F32 tensor) but the model's input pixels U8"
            },
            {
                "three",
                "'labels' names 3 classes but the model's output probabilities F32[-1, 4] has 4"
            },
            {"unnamed", "OUTPUT column 'label' (STRING) needs the option 'labels'"},
            {"missing", "option 'path' = '/nonexistent/m.onnx' cannot be read"},
        };
        tEnv.createTemporaryView(
                "vectors",
                tEnv.sqlQuery("SELECT id, ARRAY[CAST(1 AS FLOAT)] AS pixels FROM frames"));
        for (String[] c : cases) {
            String table = c[0].equals("floats") ? "vectors" : "frames";
            assertThatThrownBy(
                            () ->
                                    tEnv.explainSql(
                                            "SELECT * FROM ML_PREDICT(TABLE "
                                                    + table
                                                    + ", MODEL "
                                                    + c[0]
                                                    + ", DESCRIPTOR(pixels))"))
                    .as(c[0])
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.findThrowableWithMessage(e, c[1]))
                                            .as(c[0] + ": " + brief(e))
                                            .isPresent());
        }
    }
}
