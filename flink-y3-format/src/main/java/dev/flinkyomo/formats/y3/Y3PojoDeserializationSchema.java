package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;

import dev.flinkyomo.formats.y3.row.Y3FieldException;
import dev.flinkyomo.formats.y3.row.Y3RowLayout;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3ObservingDecoder;
import dev.flinkyomo.y3.Y3Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * Deserializes Y3 records into POJOs whose fields carry {@link Y3Key}, like y3-codec-golang's
 * {@code ToObject} with {@code y3:"0x11"} struct tags. Nested POJO fields are nested nodes; List
 * and array fields are slices. Keys absent from a record leave the field as the no-argument
 * constructor set it; unknown keys are skipped.
 *
 * <pre>{@code
 * DeserializationSchema<NoiseData> schema = Y3PojoDeserializationSchema.builder(NoiseData.class)
 *         .recordPath("0x01.0x10")                      // y3-codec-golang NewCodec(0x10) payloads
 *         .integerEncoding(IntegerEncoding.PVARINT)
 *         .build();
 * }</pre>
 */
@PublicEvolving
public final class Y3PojoDeserializationSchema<T> implements DeserializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Y3PojoDeserializationSchema.class);

    private final Class<T> type;
    private final int[] recordPath;
    private final IntegerEncoding integerEncoding;
    private final int maxPacketSize;
    private final boolean ignoreParseErrors;
    private final Y3ObservingDecoder recordLocator; // null when the columns are top-level

    private transient PojoCodecs.ClassCodec codec; // reflection objects are not serializable
    private transient Counter skippedRecords;
    private transient int recordStart;
    private transient int recordLength;

    private Y3PojoDeserializationSchema(Builder<T> b) {
        this.type = b.type;
        this.recordPath = b.recordPath.clone();
        this.integerEncoding = b.integerEncoding;
        this.maxPacketSize = b.maxPacketSize;
        this.ignoreParseErrors = b.ignoreParseErrors;
        this.recordLocator = recordPath.length == 0 ? null : locator(recordPath, maxPacketSize);
        this.codec = codec(); // fail fast on a class that cannot be mapped
    }

    private static Y3ObservingDecoder locator(int[] recordPath, int maxPacketSize) {
        Y3ObservingDecoder.Builder b =
                Y3ObservingDecoder.builder()
                        .limits(Y3Limits.of(maxPacketSize, Y3Limits.DEFAULT_MAX_DEPTH));
        b.observe(recordPath);
        return b.build();
    }

    public static <T> Builder<T> builder(Class<T> type) {
        return new Builder<>(type);
    }

    /** Defaults: record node 0x10, NVARINT integers. */
    public static <T> Y3PojoDeserializationSchema<T> of(Class<T> type) {
        return builder(type).build();
    }

    private PojoCodecs.ClassCodec codec() {
        if (codec == null) {
            codec = new PojoCodecs(integerEncoding, maxPacketSize).forClass(type);
        }
        return codec;
    }

    @Override
    public void open(InitializationContext context) {
        skippedRecords = context.getMetricGroup().counter("y3SkippedRecords");
    }

    @Override
    public T deserialize(byte[] message) throws IOException {
        if (message == null) {
            return null;
        }
        try {
            locateRecord(message);
            return type.cast(codec().read(message, recordStart, recordLength, 0));
        } catch (Y3FieldException | Y3Exception e) {
            String error =
                    "Failed to deserialize Y3 record of "
                            + message.length
                            + " bytes into "
                            + type.getSimpleName()
                            + ": "
                            + e.getMessage();
            if (!ignoreParseErrors) {
                throw new IOException(error, e);
            }
            if (skippedRecords != null) {
                skippedRecords.inc();
            }
            LOG.debug("Skipping record: {}", error);
            return null;
        }
    }

    private void locateRecord(byte[] message) {
        if (recordLocator == null) {
            recordStart = 0;
            recordLength = message.length;
            return;
        }
        recordStart = -1;
        recordLocator.decode(
                message,
                (field, tag, buf, valueIndex, valueLength, base) -> {
                    if (!Y3Tag.isNode(tag)) {
                        throw new Y3Exception(
                                Y3Exception.Reason.WRONG_KIND,
                                valueIndex - base,
                                "the record at key path "
                                        + Y3KeyPaths.format(recordPath)
                                        + " is a primitive, not a node");
                    }
                    recordStart = valueIndex; // the last duplicate wins
                    recordLength = valueLength;
                });
        if (recordStart < 0) {
            throw new Y3Exception(
                    Y3Exception.Reason.WRONG_KIND,
                    0,
                    "the record has no node at key path " + Y3KeyPaths.format(recordPath));
        }
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }

    /** Builder; only the POJO class is required. */
    @PublicEvolving
    public static final class Builder<T> {
        private final Class<T> type;
        private int[] recordPath = {Y3RowLayout.FIRST_DEFAULT_KEY};
        private IntegerEncoding integerEncoding = IntegerEncoding.NVARINT;
        private int maxPacketSize = Y3Limits.DEFAULT_MAX_PACKET_SIZE;
        private boolean ignoreParseErrors;

        private Builder(Class<T> type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Record node key path: default {@code 0x10}; {@code 0x01.0x10} for y3-codec-golang; empty
         * for none.
         */
        public Builder<T> recordPath(String keyPath) {
            this.recordPath = Y3KeyPaths.parsePath(keyPath, "record path");
            return this;
        }

        public Builder<T> integerEncoding(IntegerEncoding encoding) {
            this.integerEncoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        public Builder<T> maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        /** Return null (skip) for undecodable records instead of throwing. */
        public Builder<T> ignoreParseErrors(boolean ignore) {
            this.ignoreParseErrors = ignore;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the class cannot be mapped, naming the field
         */
        public Y3PojoDeserializationSchema<T> build() {
            return new Y3PojoDeserializationSchema<>(this);
        }
    }
}
