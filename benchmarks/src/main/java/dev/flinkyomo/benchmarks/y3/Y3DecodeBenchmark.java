package dev.flinkyomo.benchmarks.y3;

import org.apache.flink.table.data.RowData;

import dev.flinkyomo.y3.Y3Cursor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Y3 vs flink-json: decode one record of {@code fields} columns (3, 16, 32, 63; FLOAT, BIGINT,
 * STRING in turn) observing one column, a quarter of them, or all of them.
 *
 * <ul>
 *   <li>{@code y3Projected}: (a) Y3 format with the projection pushed into the decoder.
 *   <li>{@code y3FullThenProject}: (b) Y3 format decoding every column, then projecting.
 *   <li>{@code flinkJsonTree}: (c) flink-json {@code JsonRowDataDeserializationSchema} with the
 *       projected row type (unknown fields are parsed into the tree, then ignored).
 *   <li>{@code flinkJsonParser}: (c') flink-json {@code JsonParserRowDataDeserializationSchema},
 *       what SQL uses by default; it skips unknown fields while parsing.
 *   <li>{@code y3ObservingRaw}: (d) the core Y3ObservingDecoder, no RowData, for reference.
 *   <li>{@code y3ObservingRawBefore}: (d) with a copy of the walk before the skip loop.
 * </ul>
 *
 * Sixteen different records are decoded in turn. Setup checks every decoder returns the expected
 * values. Run with {@code -prof gc} to see {@code gc.alloc.rate.norm} (bytes allocated per op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class Y3DecodeBenchmark {

    private static final int RECORDS = 16; // power of two, see next()

    @Param({"3", "16", "32", "63"})
    public int fields;

    @Param({"ONE", "QUARTER", "ALL"})
    public NoiseLikeRecords.Observed observed;

    private byte[][] y3;
    private byte[][] json;
    private int[] fieldsStart; // index of the record node's value (the first field TLV)
    private Decoders decoders;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        y3 = new byte[RECORDS][];
        json = new byte[RECORDS][];
        fieldsStart = new int[RECORDS];
        decoders = new Decoders(fields, observed);
        for (int r = 0; r < RECORDS; r++) {
            y3[r] = NoiseLikeRecords.y3(r, fields);
            json[r] = NoiseLikeRecords.json(r, fields);
            Y3Cursor record = new Y3Cursor(y3[r]);
            record.next();
            fieldsStart[r] = record.valueIndex();
            decoders.verifyAgreement(r, y3[r], json[r]);
        }
    }

    private int next() {
        int i = next;
        next = (i + 1) & (RECORDS - 1);
        return i;
    }

    @Benchmark
    public RowData y3Projected() throws IOException {
        return decoders.y3Projected.deserialize(y3[next()]);
    }

    @Benchmark
    public RowData y3ProjectedFirstWins() throws IOException {
        return decoders.y3ProjectedFirstWins.deserialize(y3[next()]);
    }

    @Benchmark
    public RowData y3FullThenProject() throws IOException {
        return decoders.y3FullThenProject(y3[next()]);
    }

    @Benchmark
    public RowData flinkJsonTree() throws IOException {
        return decoders.jsonTree.deserialize(json[next()]);
    }

    @Benchmark
    public RowData flinkJsonParser() throws IOException {
        return decoders.jsonParser.deserialize(json[next()]);
    }

    @Benchmark
    public long y3ObservingRaw() {
        return decoders.raw.read(y3[next()]);
    }

    /** (d) with first-occurrence-wins: the walk of y3ProjectedFirstWins without RowData. */
    @Benchmark
    public long y3ObservingRawFirstWins() {
        return decoders.rawFirstWins.read(y3[next()]);
    }

    /** (d) with the walk as it was before the skip loop: baseline and candidate in one run. */
    @Benchmark
    public long y3ObservingRawBefore() {
        return decoders.rawBefore.read(y3[next()]);
    }

    /**
     * The floor of any TLV walk: the bare serial chain {@code pos += 2 + buf[pos + 1]} over the
     * record's fields, no check of any kind (valid only for these records: one-byte lengths). The
     * slope of this over the field count is what the hardware allows per skipped TLV.
     */
    @Benchmark
    public int skipChainFloor() {
        int r = next();
        byte[] buf = y3[r];
        int pos = fieldsStart[r];
        int end = buf.length;
        while (pos < end) {
            pos += 2 + buf[pos + 1];
        }
        return pos;
    }

    /** Record sizes, for the report. */
    public static void main(String[] args) {
        for (int f : new int[] {3, 16, 32, 63}) {
            System.out.printf(
                    "%d fields: Y3 %d bytes, JSON %d bytes%n",
                    f, NoiseLikeRecords.y3(0, f).length, NoiseLikeRecords.json(0, f).length);
        }
    }
}
