package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row of a 'yomo' sink table to a frame: the physical columns encoded by the table's format as
 * the payload; the tag from the writable {@code tag} column when not null, else {@code sink.tag};
 * frame metadata from the writable {@code metadata} column.
 */
@Internal
final class YomoRowDataSerializer implements YomoRecordSerializer<RowData> {

    private static final long serialVersionUID = 1L;

    private final SerializationSchema<RowData> payload;
    private final int[] physicalFields;
    private final int tagPos;
    private final int metadataPos;
    private final Long fixedTag;
    private final String table;

    /**
     * @param physicalFields positions of the physical columns (metadata columns follow them)
     * @param tagPos position of the writable {@code tag} column, or -1
     * @param metadataPos position of the writable {@code metadata} column, or -1
     * @param fixedTag {@code sink.tag}, or null
     */
    YomoRowDataSerializer(
            SerializationSchema<RowData> payload,
            int[] physicalFields,
            int tagPos,
            int metadataPos,
            Long fixedTag,
            String table) {
        this.payload = payload;
        this.physicalFields = physicalFields;
        this.tagPos = tagPos;
        this.metadataPos = metadataPos;
        this.fixedTag = fixedTag;
        this.table = table;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context) throws Exception {
        payload.open(context);
    }

    @Override
    public YomoRecord serialize(RowData row) {
        RowData physical =
                tagPos < 0 && metadataPos < 0
                        ? row
                        : ProjectedRowData.from(physicalFields).replaceRow(row);
        return new YomoRecord(tagOf(row), payload.serialize(physical), metadataOf(row));
    }

    private long tagOf(RowData row) {
        if (tagPos >= 0 && !row.isNullAt(tagPos)) {
            return row.getLong(tagPos);
        }
        if (fixedTag == null) {
            throw new IllegalArgumentException(
                    "table "
                            + table
                            + ": a row has a NULL 'tag' metadata column and"
                            + " the table sets no 'sink.tag'");
        }
        return fixedTag;
    }

    private Map<String, String> metadataOf(RowData row) {
        if (metadataPos < 0 || row.isNullAt(metadataPos)) {
            return Map.of();
        }
        MapData map = row.getMap(metadataPos);
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        Map<String, String> out = new LinkedHashMap<>(map.size() * 2);
        for (int i = 0; i < map.size(); i++) {
            if (!keys.isNullAt(i) && !values.isNullAt(i)) {
                out.put(keys.getString(i).toString(), values.getString(i).toString());
            }
        }
        return out;
    }
}
