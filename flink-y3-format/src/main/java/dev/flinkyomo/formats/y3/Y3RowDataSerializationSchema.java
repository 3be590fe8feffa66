package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import dev.flinkyomo.formats.y3.row.Y3RecordEncoder;
import dev.flinkyomo.formats.y3.row.Y3RowLayout;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Serializes {@link RowData} as Y3 records that {@link Y3RowDataDeserializationSchema} (and the Go
 * libraries) read back: the record node wraps one TLV per non-null column in declaration order.
 * Null columns are left out. With record path {@code 0x01.0x10} and PVARINT integers the bytes
 * equal y3-codec-golang's {@code NewCodec(0x10).Marshal(struct)}.
 *
 * <pre>{@code
 * SerializationSchema<RowData> schema = Y3RowDataSerializationSchema.builder(rowType)
 *         .keys("noise=0x11,time=0x12,from=0x13")
 *         .build();
 * }</pre>
 */
@PublicEvolving
public final class Y3RowDataSerializationSchema implements SerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private final Y3KeyMapping keys;
    private final int[] recordPath;
    private final IntegerEncoding integerEncoding;
    private final Y3RecordEncoder encoder;

    private transient Y3Writer writer;

    private Y3RowDataSerializationSchema(Builder b) {
        this.rowType = b.rowType;
        this.keys = b.keys;
        this.recordPath = b.recordPath.clone();
        this.integerEncoding = b.integerEncoding;
        this.encoder = new Y3RecordEncoder(Y3RowLayout.of(rowType, keys.asMap()), recordPath);
    }

    public static Builder builder(RowType rowType) {
        return new Builder(rowType);
    }

    @Override
    public byte[] serialize(RowData row) {
        if (writer == null) {
            writer = new Y3Writer(integerEncoding);
        }
        writer.reset();
        encoder.write(writer, row);
        return writer.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Y3RowDataSerializationSchema)) {
            return false;
        }
        Y3RowDataSerializationSchema that = (Y3RowDataSerializationSchema) o;
        return rowType.equals(that.rowType)
                && keys.equals(that.keys)
                && Arrays.equals(recordPath, that.recordPath)
                && integerEncoding == that.integerEncoding;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowType, keys, Arrays.hashCode(recordPath), integerEncoding);
    }

    /** Builder; only the row type is required. Options mean what they mean for the deserializer. */
    @PublicEvolving
    public static final class Builder {
        private final RowType rowType;
        private Y3KeyMapping keys = Y3KeyMapping.defaults();
        private int[] recordPath = {Y3RowLayout.FIRST_DEFAULT_KEY};
        private IntegerEncoding integerEncoding = IntegerEncoding.NVARINT;

        private Builder(RowType rowType) {
            this.rowType = Objects.requireNonNull(rowType, "rowType");
        }

        public Builder keys(String mapping) {
            return keys(Y3KeyMapping.parse(mapping));
        }

        public Builder keys(Y3KeyMapping mapping) {
            this.keys = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        public Builder recordPath(String keyPath) {
            this.recordPath = Y3KeyPaths.parsePath(keyPath, "'y3.record-path'");
            return this;
        }

        public Builder recordPath(int... keyPath) {
            return recordPath(Y3KeyPaths.format(keyPath));
        }

        public Builder integerEncoding(IntegerEncoding encoding) {
            this.integerEncoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        public Y3RowDataSerializationSchema build() {
            return new Y3RowDataSerializationSchema(this);
        }
    }
}
