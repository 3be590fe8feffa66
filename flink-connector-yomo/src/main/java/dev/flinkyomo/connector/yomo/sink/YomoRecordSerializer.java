package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;

import dev.flinkyomo.common.YomoRecord;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a sink element into the tag, payload and metadata of one YoMo data frame, expressed as a
 * {@link YomoRecord}. The sink then applies YoMo's {@code ctx.Write} metadata rules (see {@link
 * OutboundMetadata}), so a serializer only says what the element carries.
 */
@PublicEvolving
@FunctionalInterface
public interface YomoRecordSerializer<IN> extends Serializable {

    /** Called once per writer before the first element. */
    default void open(SerializationSchema.InitializationContext context) throws Exception {}

    /** The frame for {@code element}; never null. */
    YomoRecord serialize(IN element);

    /**
     * For jobs that already produce {@link YomoRecord}s, e.g. {@code record.derive(tag, bytes)}.
     */
    static YomoRecordSerializer<YomoRecord> yomoRecords() {
        return element -> element;
    }

    /** The payload from {@code payload}, the tag from {@code tags}, no input metadata. */
    static <IN> YomoRecordSerializer<IN> of(SerializationSchema<IN> payload, TagSelector<IN> tags) {
        return new SchemaSerializer<>(payload, tags, null);
    }

    /**
     * As {@link #of(SerializationSchema, TagSelector)}, with metadata taken from the element (for
     * example the {@code yomo-tid} of the input it was computed from).
     */
    static <IN> YomoRecordSerializer<IN> of(
            SerializationSchema<IN> payload, TagSelector<IN> tags, MetadataSelector<IN> metadata) {
        return new SchemaSerializer<>(
                payload, tags, Objects.requireNonNull(metadata, "metadata selector"));
    }

    /** Extracts frame metadata from an element. */
    @FunctionalInterface
    interface MetadataSelector<IN> extends Serializable {
        Map<String, String> metadataOf(IN element);
    }

    /** A {@link SerializationSchema} for the payload plus a tag (and metadata) selector. */
    final class SchemaSerializer<IN> implements YomoRecordSerializer<IN> {
        private static final long serialVersionUID = 1L;

        private final SerializationSchema<IN> payload;
        private final TagSelector<IN> tags;
        private final MetadataSelector<IN> metadata;

        private SchemaSerializer(
                SerializationSchema<IN> payload,
                TagSelector<IN> tags,
                MetadataSelector<IN> metadata) {
            this.payload = Objects.requireNonNull(payload, "payload serialization schema");
            this.tags = Objects.requireNonNull(tags, "tag selector");
            this.metadata = metadata;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context) throws Exception {
            payload.open(context);
        }

        @Override
        public YomoRecord serialize(IN element) {
            Map<String, String> md = metadata == null ? Map.of() : metadata.metadataOf(element);
            return new YomoRecord(tags.tagOf(element), payload.serialize(element), md);
        }
    }
}
