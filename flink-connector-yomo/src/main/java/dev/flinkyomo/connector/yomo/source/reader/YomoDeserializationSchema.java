package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.transport.ConnectionInfo;

import java.io.IOException;
import java.io.Serializable;

/** Turns a received YoMo frame into zero or more records of type {@code T}. */
@PublicEvolving
public interface YomoDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {

    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    void deserialize(YomoRecord frame, Collector<T> out) throws IOException;

    /**
     * {@link #deserialize(YomoRecord, Collector)} with the connection the frame came on (client
     * type, name, id, protocol generation, address), for schemas that route by sender, e.g. a
     * zipper that must not forward an upstream zipper's frames downstream again. By default the
     * connection is not used.
     */
    default void deserialize(YomoRecord frame, ConnectionInfo from, Collector<T> out)
            throws IOException {
        deserialize(frame, out);
    }

    /**
     * Whether {@link #deadLetter} can represent a frame that did not decode; a source with {@link
     * DecodeErrorPolicy#DEAD_LETTER} refuses to build with a schema that cannot.
     */
    default boolean supportsDeadLetters() {
        return false;
    }

    /**
     * Emits a record standing for {@code frame}, whose payload {@link #deserialize} refused with
     * {@code error} (under {@link DecodeErrorPolicy#DEAD_LETTER} only).
     */
    default void deadLetter(YomoRecord frame, String error, Collector<T> out) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot emit dead letters");
    }

    /** The frame as it came: tag, payload, metadata, client name and id, receive time. */
    static YomoDeserializationSchema<YomoRecord> records() {
        return new YomoDeserializationSchema<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void deserialize(YomoRecord frame, Collector<YomoRecord> out) {
                out.collect(frame);
            }

            @Override
            public boolean supportsDeadLetters() {
                return true; // nothing to decode, so nothing fails; the frame is its own letter
            }

            @Override
            public void deadLetter(YomoRecord frame, String error, Collector<YomoRecord> out) {
                out.collect(frame);
            }

            @Override
            public TypeInformation<YomoRecord> getProducedType() {
                return TypeInformation.of(YomoRecord.class);
            }
        };
    }

    /**
     * Only the payload, decoded by a Flink {@link DeserializationSchema} (JSON, y3, strings...).
     */
    static <T> YomoDeserializationSchema<T> payload(DeserializationSchema<T> schema) {
        return new YomoDeserializationSchema<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void open(DeserializationSchema.InitializationContext context) throws Exception {
                schema.open(context);
            }

            @Override
            public void deserialize(YomoRecord frame, Collector<T> out) throws IOException {
                schema.deserialize(frame.getPayload(), out);
            }

            @Override
            public TypeInformation<T> getProducedType() {
                return schema.getProducedType();
            }
        };
    }

    /**
     * The payload decoded by {@code schema}, wrapped in a {@link YomoDecodeResult}, so that with
     * {@link DecodeErrorPolicy#DEAD_LETTER} a frame that does not decode arrives as a {@link
     * YomoDeadLetter} (split them off with {@link
     * dev.flinkyomo.connector.yomo.source.YomoDecodeErrors#split}).
     */
    static <T> YomoDeserializationSchema<YomoDecodeResult<T>> payloadOrDeadLetter(
            DeserializationSchema<T> schema) {
        return new YomoDeserializationSchema<>() {
            private static final long serialVersionUID = 1L;
            private transient DecodeResultCollector<T> values;

            @Override
            public void open(DeserializationSchema.InitializationContext context) throws Exception {
                schema.open(context);
            }

            @Override
            public void deserialize(YomoRecord frame, Collector<YomoDecodeResult<T>> out)
                    throws IOException {
                if (values == null) {
                    values = new DecodeResultCollector<>();
                }
                values.out = out;
                schema.deserialize(frame.getPayload(), values);
            }

            @Override
            public boolean supportsDeadLetters() {
                return true;
            }

            @Override
            public void deadLetter(
                    YomoRecord frame, String error, Collector<YomoDecodeResult<T>> out) {
                out.collect(YomoDecodeResult.ofDeadLetter(new YomoDeadLetter(frame, error)));
            }

            @Override
            public TypeInformation<YomoDecodeResult<T>> getProducedType() {
                return YomoDecodeResult.typeInfo(schema.getProducedType());
            }
        };
    }
}
