package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import dev.flinkyomo.formats.y3.row.Y3DecodeSettings;
import dev.flinkyomo.formats.y3.row.Y3FieldException;
import dev.flinkyomo.formats.y3.row.Y3RecordDecoder;
import dev.flinkyomo.formats.y3.row.Y3RowLayout;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Deserializes Y3 records into {@link RowData}, decoding only the fields it produces.
 *
 * <p>A record is a node (by default with key {@code 0x10}) whose children are the columns, each
 * under its key. With a projection, only the projected key paths are decoded; every other TLV is
 * skipped by its length without being read. Build one with {@link #builder(RowType)}:
 *
 * <pre>{@code
 * RowType physical = (RowType) DataTypes.ROW(
 *         DataTypes.FIELD("noise", DataTypes.FLOAT()),
 *         DataTypes.FIELD("time", DataTypes.BIGINT()),
 *         DataTypes.FIELD("from", DataTypes.STRING())).getLogicalType();
 *
 * // full decode: produces ROW<noise FLOAT, time BIGINT, from STRING>
 * Y3RowDataDeserializationSchema full = Y3RowDataDeserializationSchema.builder(physical)
 *         .keys("noise=0x11,time=0x12,from=0x13")
 *         .build();
 *
 * // projected decode: produces ROW<noise FLOAT>; 'time' and 'from' are skipped, never decoded
 * Y3RowDataDeserializationSchema projected = Y3RowDataDeserializationSchema.builder(physical)
 *         .keys("noise=0x11,time=0x12,from=0x13")
 *         .projectFields("noise")              // or .projection(new int[][] {{0}})
 *         .build();
 *
 * RowData row = projected.deserialize(bytes); // field 0 = noise
 * }</pre>
 *
 * <p>Errors: malformed bytes, a value that does not fit its column, or a missing key when missing
 * keys are errors, give an {@link IOException} naming the column, its key path and the byte offset.
 * With {@link Builder#ignoreParseErrors(boolean)} the record is skipped instead ({@link
 * #deserialize} returns null, which {@link #deserialize(byte[], org.apache.flink.util.Collector)}
 * drops), counted in the {@code y3SkippedRecords} metric and logged.
 *
 * <p>Metrics (registered in {@link #open}): {@code y3DecodedFields}, the number of projected fields
 * decoded (a nested row counts once), and {@code y3SkippedRecords}.
 *
 * <p>An instance is used by one thread at a time, as Flink does with deserialization schemas.
 */
@PublicEvolving
public final class Y3RowDataDeserializationSchema implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Y3RowDataDeserializationSchema.class);
    private static final long LOG_EVERY_N_SKIPPED = 1000;

    private final RowType physicalType;
    private final Y3KeyMapping keys;
    private final int[] recordPath;
    private final int[][] projection;
    private final Y3DecodeSettings settings;
    private final boolean ignoreParseErrors;
    private final TypeInformation<RowData> producedType;
    private final Y3RecordDecoder decoder;

    private transient Counter decodedFields;
    private transient Counter skippedRecords;

    private Y3RowDataDeserializationSchema(Builder b) {
        this.physicalType = b.physicalType;
        this.keys = b.keys;
        this.recordPath = b.recordPath.clone();
        this.projection =
                b.projection != null
                        ? deepCopy(b.projection)
                        : Projection.range(0, b.physicalType.getFieldCount()).toNestedIndexes();
        this.settings =
                new Y3DecodeSettings(
                        b.integerEncoding,
                        b.maxPacketSize,
                        b.failOnMissingKey,
                        b.firstOccurrenceWins);
        this.ignoreParseErrors = b.ignoreParseErrors;
        RowType produced = (RowType) Projection.of(projection).project(physicalType);
        this.producedType = b.producedType != null ? b.producedType : InternalTypeInfo.of(produced);
        this.decoder =
                new Y3RecordDecoder(
                        Y3RowLayout.of(physicalType, keys.asMap()),
                        recordPath,
                        projection,
                        settings);
    }

    /** Starts a builder for records of the given physical row type (all columns of the table). */
    public static Builder builder(RowType physicalType) {
        return new Builder(physicalType);
    }

    @Override
    public void open(InitializationContext context) {
        decodedFields = context.getMetricGroup().counter("y3DecodedFields");
        skippedRecords = context.getMetricGroup().counter("y3SkippedRecords");
    }

    /**
     * @return the row of projected fields; null for a null message (a tombstone) or, with
     *     ignore-parse-errors, for a record that could not be decoded
     */
    @Override
    public RowData deserialize(byte[] message) throws IOException {
        if (message == null) {
            return null;
        }
        try {
            RowData row = decoder.decode(message);
            counters();
            decodedFields.inc(decoder.decodedFieldCount());
            return row;
        } catch (Y3FieldException | Y3Exception e) {
            String error =
                    "Failed to deserialize Y3 record of "
                            + message.length
                            + " bytes: "
                            + e.getMessage();
            if (!ignoreParseErrors) {
                throw new IOException(error, e);
            }
            counters();
            skippedRecords.inc();
            if (skippedRecords.getCount() % LOG_EVERY_N_SKIPPED == 1) {
                LOG.warn(
                        "Skipping record ({} skipped so far, 'y3.ignore-parse-errors' is on): {}",
                        skippedRecords.getCount(),
                        error);
            }
            return null;
        }
    }

    /** Metrics stay usable when a caller (a benchmark, a test) never calls {@link #open}. */
    private void counters() {
        if (decodedFields == null) {
            decodedFields = new SimpleCounter();
            skippedRecords = new SimpleCounter();
        }
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Y3RowDataDeserializationSchema)) {
            return false;
        }
        Y3RowDataDeserializationSchema that = (Y3RowDataDeserializationSchema) o;
        return physicalType.equals(that.physicalType)
                && keys.equals(that.keys)
                && Arrays.equals(recordPath, that.recordPath)
                && Arrays.deepEquals(projection, that.projection)
                && settings.equals(that.settings)
                && ignoreParseErrors == that.ignoreParseErrors
                && producedType.equals(that.producedType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                physicalType,
                keys,
                Arrays.hashCode(recordPath),
                Arrays.deepHashCode(projection),
                settings,
                ignoreParseErrors);
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** Builder; only the physical row type is required. */
    @PublicEvolving
    public static final class Builder {
        private final RowType physicalType;
        private Y3KeyMapping keys = Y3KeyMapping.defaults();
        private int[] recordPath = {Y3RowLayout.FIRST_DEFAULT_KEY};
        private int[][] projection;
        private IntegerEncoding integerEncoding = IntegerEncoding.NVARINT;
        private int maxPacketSize = Y3Limits.DEFAULT_MAX_PACKET_SIZE;
        private boolean failOnMissingKey;
        private boolean firstOccurrenceWins;
        private boolean ignoreParseErrors;
        private TypeInformation<RowData> producedType;

        private Builder(RowType physicalType) {
            this.physicalType = Objects.requireNonNull(physicalType, "physicalType");
        }

        /** Column-to-key mapping, e.g. {@code noise=0x11,time=0x12,loc=0x20,loc.lat=0x01}. */
        public Builder keys(String mapping) {
            return keys(Y3KeyMapping.parse(mapping));
        }

        public Builder keys(Y3KeyMapping mapping) {
            this.keys = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * Key path of the record node, outermost first. Default {@code [0x10]}; {@code [0x01,
         * 0x10]} reads y3-codec-golang's {@code NewCodec(0x10).Marshal(struct)} payloads (root
         * wrapper 0x81); an empty path means the columns are the top-level TLVs of the message.
         */
        public Builder recordPath(int... keyPath) {
            return recordPath(Y3KeyPaths.format(keyPath));
        }

        /** Record path as text: {@code 0x10}, {@code 0x01.0x10}, or empty. */
        public Builder recordPath(String keyPath) {
            this.recordPath = Y3KeyPaths.parsePath(keyPath, "'y3.record-path'");
            return this;
        }

        /**
         * Fields to produce, as Flink nested indexes into the physical row: {@code {{2}, {1, 0}}}
         * is the 3rd column, then the 1st field of the (ROW) 2nd column. Default: all columns.
         */
        public Builder projection(int[][] projection) {
            this.projection = deepCopy(projection);
            return this;
        }

        /** Top-level columns to produce, by name, in the given order. */
        public Builder projectFields(String... columns) {
            List<String> names = physicalType.getFieldNames();
            int[][] p = new int[columns.length][];
            for (int i = 0; i < columns.length; i++) {
                int index = names.indexOf(columns[i]);
                if (index < 0) {
                    throw new IllegalArgumentException(
                            "Unknown column '" + columns[i] + "'; columns: " + names);
                }
                p[i] = new int[] {index};
            }
            this.projection = p;
            return this;
        }

        /** NVARINT (y3 >= 1.0.1, default) or PVARINT (y3-codec-golang). */
        public Builder integerEncoding(IntegerEncoding encoding) {
            this.integerEncoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** Largest TLV value length accepted (default 16 MiB); longer lengths are errors. */
        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        /**
         * Whether an absent key is an error (true) or a null (false, default). NOT NULL columns
         * always fail.
         */
        /**
         * When a key repeats in a record, take its first occurrence and stop walking a node once
         * every projected key in it was seen (y3-codec-golang's observe semantics; the fastest for
         * narrow projections). Default false: the last occurrence wins, as in y3's decoder.
         */
        public Builder firstOccurrenceWins(boolean first) {
            this.firstOccurrenceWins = first;
            return this;
        }

        public Builder failOnMissingKey(boolean fail) {
            this.failOnMissingKey = fail;
            return this;
        }

        /** Skip undecodable records instead of failing (default false). */
        public Builder ignoreParseErrors(boolean ignore) {
            this.ignoreParseErrors = ignore;
            return this;
        }

        /**
         * Type information of the produced rows; SQL passes the planner's. Default: {@code
         * InternalTypeInfo} of the projected row type.
         */
        public Builder producedType(TypeInformation<RowData> typeInfo) {
            this.producedType = typeInfo;
            return this;
        }

        /**
         * @throws org.apache.flink.table.api.ValidationException for a bad type or mapping
         */
        public Y3RowDataDeserializationSchema build() {
            return new Y3RowDataDeserializationSchema(this);
        }
    }
}
