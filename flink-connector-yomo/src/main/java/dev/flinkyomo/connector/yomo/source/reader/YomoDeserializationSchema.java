package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;

import java.io.IOException;
import java.io.Serializable;

/** Turns a received YoMo frame into zero or more records of type {@code T}. */
@PublicEvolving
public interface YomoDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {

    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    void deserialize(YomoRecord frame, Collector<T> out) throws IOException;

    /** The frame as it came: tag, payload, metadata, client name and id, receive time. */
    static YomoDeserializationSchema<YomoRecord> records() {
        return new YomoDeserializationSchema<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void deserialize(YomoRecord frame, Collector<YomoRecord> out) {
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
}
