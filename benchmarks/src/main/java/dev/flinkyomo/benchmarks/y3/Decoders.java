package dev.flinkyomo.benchmarks.y3;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonParserRowDataDeserializationSchema;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import dev.flinkyomo.formats.y3.Y3RowDataDeserializationSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoders under comparison, all producing the same projected row (or, for the raw reader, the
 * same values) from the same logical record.
 */
final class Decoders {

    final RowType physical;
    final int[] observed;
    final RowType projected;

    /** (a) Y3 format, projection pushed into the decoder: unobserved TLVs are skipped by length. */
    final Y3RowDataDeserializationSchema y3Projected;

    /**
     * (a') as (a) with 'y3.first-occurrence-wins': the walk stops once the projected keys were
     * seen.
     */
    final Y3RowDataDeserializationSchema y3ProjectedFirstWins;

    /**
     * (b) Y3 format decoding every column, then a copy of the observed ones (a Calc projection).
     */
    final Y3RowDataDeserializationSchema y3Full;

    private final RowData.FieldGetter[] projectFromFull;

    /**
     * (c) flink-json, tree based: parses the whole object to a JsonNode, converts the projected
     * fields.
     */
    final JsonRowDataDeserializationSchema jsonTree;

    /**
     * (c') flink-json, streaming parser (SQL's default, decode.json-parser.enabled): skips unknown
     * fields.
     */
    final JsonParserRowDataDeserializationSchema jsonParser;

    /** (d) core Y3ObservingDecoder without RowData. */
    final RawObservingReader raw;

    /**
     * (d) as before the skip loop (a copy of the old walk), to time before and after in one run.
     */
    final RawObservingReader rawBefore;

    /** (d) with first-occurrence-wins: the walk of (a') without RowData. */
    final RawObservingReader rawFirstWins;

    Decoders(int fields, NoiseLikeRecords.Observed observedSet) throws Exception {
        physical = NoiseLikeRecords.rowType(fields);
        observed = NoiseLikeRecords.observedFields(fields, observedSet);
        int[][] projection = new int[observed.length][];
        for (int i = 0; i < observed.length; i++) {
            projection[i] = new int[] {observed[i]};
        }
        projected = (RowType) Projection.of(projection).project(physical);
        String keys = NoiseLikeRecords.keyMapping(fields);

        y3Projected =
                Y3RowDataDeserializationSchema.builder(physical)
                        .keys(keys)
                        .recordPath(NoiseLikeRecords.RECORD_KEY)
                        .projection(projection)
                        .build();
        y3ProjectedFirstWins =
                Y3RowDataDeserializationSchema.builder(physical)
                        .keys(keys)
                        .recordPath(NoiseLikeRecords.RECORD_KEY)
                        .projection(projection)
                        .firstOccurrenceWins(true)
                        .build();
        y3Full =
                Y3RowDataDeserializationSchema.builder(physical)
                        .keys(keys)
                        .recordPath(NoiseLikeRecords.RECORD_KEY)
                        .build();
        projectFromFull = new RowData.FieldGetter[observed.length];
        for (int i = 0; i < observed.length; i++) {
            projectFromFull[i] =
                    RowData.createFieldGetter(physical.getTypeAt(observed[i]), observed[i]);
        }

        jsonTree =
                new JsonRowDataDeserializationSchema(
                        projected,
                        InternalTypeInfo.of(projected),
                        false,
                        false,
                        TimestampFormat.ISO_8601);
        jsonParser =
                new JsonParserRowDataDeserializationSchema(
                        projected,
                        InternalTypeInfo.of(projected),
                        false,
                        false,
                        TimestampFormat.ISO_8601);
        raw = new RawObservingReader(observed);
        rawBefore = new RawObservingReader(observed, true);
        rawFirstWins = new RawObservingReader(observed, false, true);

        DeserializationSchema.InitializationContext context = new BenchmarkContext();
        y3Projected.open(context);
        y3ProjectedFirstWins.open(context);
        y3Full.open(context);
        jsonTree.open(context);
        jsonParser.open(context);
    }

    /** (b): full decode, then the projection a planner would run on top of it. */
    RowData y3FullThenProject(byte[] record) throws IOException {
        RowData full = y3Full.deserialize(record);
        GenericRowData out = new GenericRowData(projectFromFull.length);
        for (int i = 0; i < projectFromFull.length; i++) {
            out.setField(i, projectFromFull[i].getFieldOrNull(full));
        }
        return out;
    }

    /**
     * Decodes record {@code index} with every decoder and checks each produced the expected values,
     * so a benchmark can never time a decoder that silently reads the wrong thing.
     *
     * @throws IllegalStateException naming the decoder that disagrees
     */
    void verifyAgreement(int index, byte[] y3, byte[] json) throws IOException {
        List<Object> expected = NoiseLikeRecords.expected(index, observed);
        check("y3Projected", y3Projected.deserialize(y3), expected);
        check("y3ProjectedFirstWins", y3ProjectedFirstWins.deserialize(y3), expected);
        check("y3FullThenProject", y3FullThenProject(y3), expected);
        check("flinkJsonTree", jsonTree.deserialize(json), expected);
        check("flinkJsonParser", jsonParser.deserialize(json), expected);
        raw.read(y3);
        if (!raw.lastValues().equals(expected)) {
            throw new IllegalStateException(
                    "y3ObservingRaw read " + raw.lastValues() + ", expected " + expected);
        }
        rawFirstWins.read(y3);
        if (!rawFirstWins.lastValues().equals(expected)) {
            throw new IllegalStateException(
                    "y3ObservingRawFirstWins read "
                            + rawFirstWins.lastValues()
                            + ", expected "
                            + expected);
        }
        rawBefore.read(y3);
        if (!rawBefore.lastValues().equals(expected)) {
            throw new IllegalStateException(
                    "y3ObservingRawBefore read "
                            + rawBefore.lastValues()
                            + ", expected "
                            + expected);
        }
    }

    private void check(String decoder, RowData row, List<Object> expected) {
        List<Object> actual = new ArrayList<>(observed.length);
        for (int i = 0; i < observed.length; i++) {
            Object v = RowData.createFieldGetter(projected.getTypeAt(i), i).getFieldOrNull(row);
            actual.add(
                    v == null
                            ? null
                            : v instanceof org.apache.flink.table.data.StringData
                                    ? v.toString()
                                    : v);
        }
        if (row.getArity() != observed.length || !actual.equals(expected)) {
            throw new IllegalStateException(
                    decoder
                            + " produced "
                            + actual
                            + " (arity "
                            + row.getArity()
                            + "), expected "
                            + expected);
        }
    }

    /** What open() needs: metrics go nowhere, classes come from this loader. */
    private static final class BenchmarkContext
            implements DeserializationSchema.InitializationContext {
        @Override
        public MetricGroup getMetricGroup() {
            return UnregisteredMetricsGroup.createOperatorMetricGroup();
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(Decoders.class.getClassLoader());
        }
    }
}
