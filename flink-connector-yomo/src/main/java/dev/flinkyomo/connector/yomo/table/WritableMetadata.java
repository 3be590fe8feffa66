package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metadata columns a 'yomo' sink table can write. {@code metadata} is carried forward as YoMo's
 * {@code ctx.Write} does, so {@code INSERT INTO sink SELECT ..., metadata FROM source} keeps each
 * result correlated with its input frame's transaction id.
 */
@Internal
enum WritableMetadata {
    TAG("tag", DataTypes.BIGINT().nullable()),
    METADATA(
            "metadata",
            DataTypes.MAP(DataTypes.STRING().nullable(), DataTypes.STRING().nullable()).nullable());

    final String key;
    final DataType type;

    WritableMetadata(String key, DataType type) {
        this.key = key;
        this.type = type;
    }

    static Map<String, DataType> all() {
        Map<String, DataType> out = new LinkedHashMap<>();
        for (WritableMetadata m : values()) {
            out.put(m.key, m.type);
        }
        return out;
    }
}
