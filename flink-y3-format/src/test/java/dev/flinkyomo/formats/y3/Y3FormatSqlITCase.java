package dev.flinkyomo.formats.y3;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import dev.flinkyomo.formats.y3.testsource.Y3TestRecords;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real SQL over Y3 records on a MiniCluster, through a test connector that pushes the query's
 * projection into the format. The "poisoned" records carry values in unselected columns that throw
 * if decoded (invalid UTF-8 in a STRING, a 9-byte BIGINT, a 9-byte DOUBLE): projected queries
 * succeed only because those keys are skipped, and queries selecting them fail.
 */
class Y3FormatSqlITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final float[] NOISE = {50f, 101.5f, 150f, 99f, 200f};

    private StreamTableEnvironment tEnv;

    @BeforeAll
    static void registerRecords() {
        List<byte[]> clean = new ArrayList<>();
        List<byte[]> poisoned = new ArrayList<>();
        List<byte[]> golang = new ArrayList<>();
        List<byte[]> oneBad = new ArrayList<>();
        for (int i = 0; i < NOISE.length; i++) {
            long n = i;
            clean.add(
                    record(
                                    new Y3Writer(),
                                    NOISE[i],
                                    w ->
                                            w.int64(0x12, 1_000L + n)
                                                    .string(0x13, "device-" + n)
                                                    .beginNode(0x20)
                                                    .float64(0x01, 31.25)
                                                    .float64(0x02, 121.5)
                                                    .endNode())
                            .toByteArray());
            poisoned.add(
                    record(
                                    new Y3Writer(),
                                    NOISE[i],
                                    w ->
                                            w.bytes(0x12, new byte[9])
                                                    .bytes(0x13, new byte[] {(byte) 0xC3, 0x28})
                                                    .beginNode(0x20)
                                                    .float64(0x01, n)
                                                    .bytes(0x02, new byte[9])
                                                    .endNode())
                            .toByteArray());
            // y3-codec-golang NewCodec(0x10).Marshal(struct): root wrapper 0x81 around record node
            // 0x90
            Y3Writer root = new Y3Writer(IntegerEncoding.PVARINT).beginNode(0x01);
            golang.add(record(root, NOISE[i], w -> w.int64(0x12, -n)).endNode().toByteArray());
            oneBad.add(
                    i == 2
                            ? new byte[] {(byte) 0x90, 0x05, 0x11}
                            : record(new Y3Writer(), NOISE[i], w -> {}).toByteArray());
        }
        Y3TestRecords.register("clean", clean);
        Y3TestRecords.register("poisoned", poisoned);
        Y3TestRecords.register("golang", golang);
        Y3TestRecords.register("one-bad", oneBad);
    }

    @BeforeEach
    void createTables() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        tEnv = StreamTableEnvironment.create(env);
        for (String id : List.of("clean", "poisoned")) {
            tEnv.executeSql(
                    "CREATE TABLE "
                            + id
                            + " (\n"
                            + "  noise FLOAT,\n"
                            + "  `time` BIGINT,\n"
                            + "  `from` STRING,\n"
                            + "  loc ROW<lat DOUBLE, lon DOUBLE>\n"
                            + ") WITH (\n"
                            + "  'connector' = 'y3-test-source',\n"
                            + "  'data-id' = '"
                            + id
                            + "',\n"
                            + "  'format' = 'y3',\n"
                            + "  'y3.keys' = 'noise=0x11,time=0x12,from=0x13,loc=0x20,loc.lat=0x01,loc.lon=0x02'\n"
                            + ")");
        }
    }

    @Test
    void projectedQueryReturnsExactlyTheMatchingRows() throws Exception {
        long before = decodedFields("clean");
        assertThat(query("SELECT noise FROM clean WHERE noise > 100"))
                .containsExactly(Row.of(101.5f), Row.of(150f), Row.of(200f));
        // one decoded field per record: 'noise' only
        assertThat(decodedFields("clean") - before).isEqualTo(NOISE.length);

        assertThat(query("SELECT `from`, `time` FROM clean WHERE noise < 100"))
                .containsExactly(Row.of("device-0", 1000L), Row.of("device-3", 1003L));
    }

    @Test
    void explainShowsTheProjectionReachedTheSource() {
        String plan = tEnv.explainSql("SELECT noise FROM clean WHERE noise > 100");
        assertThat(plan)
                .containsPattern(
                        "TableSourceScan\\(table=\\[\\[[^\\]]*clean, project=\\[noise\\]\\]\\]");

        String nested = tEnv.explainSql("SELECT loc.lat FROM clean");
        assertThat(nested)
                .containsPattern(
                        "TableSourceScan\\(table=\\[\\[[^\\]]*clean, project=\\[loc_lat\\]\\]\\]");
    }

    @Test
    void unselectedKeysAreSkippedNotDecoded() throws Exception {
        long before = decodedFields("poisoned");
        assertThat(query("SELECT noise FROM poisoned WHERE noise > 100"))
                .containsExactly(Row.of(101.5f), Row.of(150f), Row.of(200f));
        // nested projection: the planner pushes loc.lat (not loc) only without a filter in between
        assertThat(query("SELECT loc.lat FROM poisoned"))
                .containsExactly(Row.of(0.0), Row.of(1.0), Row.of(2.0), Row.of(3.0), Row.of(4.0));
        assertThat(decodedFields("poisoned") - before).isEqualTo(2L * NOISE.length);

        assertThatThrownBy(() -> query("SELECT * FROM poisoned"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("column 'time' (Y3 key path 0x10.0x12)"));
        assertThatThrownBy(() -> query("SELECT `from` FROM poisoned"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains(
                                                "column 'from' (Y3 key path 0x10.0x13): Y3 BAD_VALUE at byte offset 19")
                                        .contains("not valid UTF-8"));
        assertThatThrownBy(() -> query("SELECT loc.lon FROM poisoned"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("column 'loc.lon' (Y3 key path 0x10.0x20.0x02)"));
    }

    @Test
    void readsY3CodecGolangPayloads() throws Exception {
        tEnv.executeSql(
                "CREATE TABLE golang (noise FLOAT, `time` BIGINT) WITH ("
                        + " 'connector' = 'y3-test-source', 'data-id' = 'golang', 'format' = 'y3',"
                        + " 'y3.keys' = 'noise=0x11,time=0x12', 'y3.record-path' = '0x01.0x10',"
                        + " 'y3.integer-encoding' = 'pvarint')");
        assertThat(query("SELECT `time`, noise FROM golang WHERE noise > 100"))
                .containsExactly(Row.of(-1L, 101.5f), Row.of(-2L, 150f), Row.of(-4L, 200f));
    }

    @Test
    void ignoreParseErrorsSkipsBadRecords() throws Exception {
        String ddl =
                "CREATE TABLE %s (noise FLOAT) WITH ('connector' = 'y3-test-source', 'data-id' = 'one-bad',"
                        + " 'format' = 'y3', 'y3.keys' = 'noise=0x11' %s)";
        tEnv.executeSql(String.format(ddl, "strict", ""));
        tEnv.executeSql(String.format(ddl, "lenient", ", 'y3.ignore-parse-errors' = 'true'"));

        assertThatThrownBy(() -> query("SELECT noise FROM strict"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("Failed to deserialize Y3 record of 3 bytes"));
        long skipped = Y3TestRecords.counter("one-bad", "y3SkippedRecords").getCount();
        assertThat(query("SELECT noise FROM lenient"))
                .containsExactly(Row.of(50f), Row.of(101.5f), Row.of(99f), Row.of(200f));
        assertThat(Y3TestRecords.counter("one-bad", "y3SkippedRecords").getCount() - skipped)
                .isEqualTo(1);
    }

    @Test
    void badMappingFailsAtPlanningNamingTheColumn() {
        tEnv.executeSql(
                "CREATE TABLE bad (noise FLOAT, speed DOUBLE) WITH ('connector' = 'y3-test-source',"
                        + " 'data-id' = 'clean', 'format' = 'y3', 'y3.keys' = 'noise=0x11')");
        assertThatThrownBy(() -> tEnv.explainSql("SELECT noise FROM bad"))
                .satisfies(
                        e ->
                                assertThat(causes(e))
                                        .contains("Column 'speed' has no key in 'y3.keys'"));
    }

    // ------------------------------------------------------------------------------------------

    private List<Row> query(String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static long decodedFields(String dataId) {
        return Y3TestRecords.counter(dataId, "y3DecodedFields").getCount();
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    interface Columns {
        void write(Y3Writer w);
    }

    /** Writes record node 0x10 with noise first, then the other columns. */
    private static Y3Writer record(Y3Writer w, float noise, Columns rest) {
        w.beginNode(0x10).float32(0x11, noise);
        rest.write(w);
        return w.endNode();
    }
}
