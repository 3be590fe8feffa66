package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;

import dev.flinkyomo.formats.y3.row.Y3RowLayout;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3Writer;

import java.util.Objects;

/**
 * Serializes POJOs with {@link Y3Key} fields as Y3 records: the record node wraps one TLV per
 * non-null field in declaration order. With record path {@code 0x01.0x10} and PVARINT integers the
 * bytes equal y3-codec-golang's {@code NewCodec(0x10).Marshal(struct)}.
 *
 * <pre>{@code
 * SerializationSchema<NoiseData> schema = Y3PojoSerializationSchema.of(NoiseData.class);
 * }</pre>
 */
@PublicEvolving
public final class Y3PojoSerializationSchema<T> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final int[] recordPath;
    private final IntegerEncoding integerEncoding;

    private transient PojoCodecs.ClassCodec codec;
    private transient Y3Writer writer;

    private Y3PojoSerializationSchema(
            Class<T> type, int[] recordPath, IntegerEncoding integerEncoding) {
        this.type = type;
        this.recordPath = recordPath.clone();
        this.integerEncoding = integerEncoding;
        codec(); // fail fast on a class that cannot be mapped
    }

    /** Defaults: record node 0x10, NVARINT integers. */
    public static <T> Y3PojoSerializationSchema<T> of(Class<T> type) {
        return builder(type).build();
    }

    public static <T> Builder<T> builder(Class<T> type) {
        return new Builder<>(type);
    }

    private PojoCodecs.ClassCodec codec() {
        if (codec == null) {
            codec =
                    new PojoCodecs(integerEncoding, Y3Limits.DEFAULT_MAX_PACKET_SIZE)
                            .forClass(type);
        }
        return codec;
    }

    @Override
    public byte[] serialize(T element) {
        if (writer == null) {
            writer = new Y3Writer(integerEncoding);
        }
        writer.reset();
        for (int key : recordPath) {
            writer.beginNode(key);
        }
        codec().writeFields(writer, element);
        for (int i = 0; i < recordPath.length; i++) {
            writer.endNode();
        }
        return writer.toByteArray();
    }

    /** Builder; only the POJO class is required. */
    @PublicEvolving
    public static final class Builder<T> {
        private final Class<T> type;
        private int[] recordPath = {Y3RowLayout.FIRST_DEFAULT_KEY};
        private IntegerEncoding integerEncoding = IntegerEncoding.NVARINT;

        private Builder(Class<T> type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder<T> recordPath(String keyPath) {
            this.recordPath = Y3KeyPaths.parsePath(keyPath, "record path");
            return this;
        }

        public Builder<T> integerEncoding(IntegerEncoding encoding) {
            this.integerEncoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        public Y3PojoSerializationSchema<T> build() {
            return new Y3PojoSerializationSchema<>(type, recordPath, integerEncoding);
        }
    }
}
