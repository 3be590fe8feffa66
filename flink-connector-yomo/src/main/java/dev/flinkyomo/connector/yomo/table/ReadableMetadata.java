package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

import dev.flinkyomo.common.YomoRecord;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Metadata columns a 'yomo' source table can read ({@code col TYPE METADATA [FROM 'key']}). */
@Internal
enum ReadableMetadata {
    TAG("tag", DataTypes.BIGINT().notNull(), r -> r.getTag()),
    TID("tid", DataTypes.STRING().nullable(), r -> string(r.tid())),
    SOURCE_ID("source_id", DataTypes.STRING().nullable(), r -> string(r.sourceId())),
    CLIENT_NAME("client_name", DataTypes.STRING().nullable(), r -> string(r.getClientName())),
    METADATA(
            "metadata",
            DataTypes.MAP(DataTypes.STRING().nullable(), DataTypes.STRING().nullable()).notNull(),
            r -> stringMap(r.metadataView())),
    RECEIVED_AT(
            "received_at",
            DataTypes.TIMESTAMP_LTZ(3).notNull(),
            r -> TimestampData.fromEpochMillis(r.getReceivedAt())),
    /**
     * Null for rows decoded from the payload; the decoder's error on the row standing for a frame
     * that did not decode ({@code 'scan.decode-errors' = 'dead-letter'}), set by the deserializer.
     */
    DECODE_ERROR("decode_error", DataTypes.STRING().nullable(), r -> null);

    final String key;
    final DataType type;
    final Converter converter;

    ReadableMetadata(String key, DataType type, Converter converter) {
        this.key = key;
        this.type = type;
        this.converter = converter;
    }

    static Map<String, DataType> all() {
        Map<String, DataType> out = new LinkedHashMap<>();
        for (ReadableMetadata m : values()) {
            out.put(m.key, m.type);
        }
        return out;
    }

    static ReadableMetadata of(String key) {
        for (ReadableMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown 'yomo' metadata key '" + key + "'; readable: " + all().keySet());
    }

    private static StringData string(String s) {
        return s == null ? null : StringData.fromString(s);
    }

    private static GenericMapData stringMap(Map<String, String> m) {
        Map<StringData, StringData> out = new HashMap<>(Math.max(4, m.size() * 2));
        m.forEach((k, v) -> out.put(StringData.fromString(k), StringData.fromString(v)));
        return new GenericMapData(out);
    }

    /** Reads one metadata value from a received frame, in Flink's internal representation. */
    @FunctionalInterface
    interface Converter extends Serializable {
        Object read(YomoRecord record);
    }
}
