package dev.flinkyomo.y3.tools.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3Writer;
import dev.flinkyomo.y3.tools.io.BadInputException;

import java.util.Iterator;
import java.util.Map;

/**
 * JSON objects to Y3 records: objects become nodes, arrays become y3-codec-golang slices (a node
 * with the array flag whose items all use key 0x00), scalars become primitives of their field's
 * {@link ValueType}. JSON nulls are left out, as Go leaves out empty values. Fields are written in
 * JSON order. Not thread-safe (reuses one writer).
 */
@Internal
public final class JsonToY3 {

    private static final int SLICE_ITEM_KEY = 0x00;

    private final KeyMapping mapping;
    private final Y3Writer writer;
    private final Y3Limits limits;
    private final int[] recordPath;

    public JsonToY3(KeyMapping mapping, Y3Writer writer, Y3Limits limits, int[] recordPath) {
        this.mapping = mapping;
        this.writer = writer;
        this.limits = limits;
        this.recordPath = recordPath.clone();
    }

    /**
     * Encodes one record.
     *
     * @throws BadInputException naming the field that cannot be encoded
     */
    public byte[] encode(JsonNode record) {
        if (!record.isObject()) {
            throw new BadInputException(
                    "a record must be a JSON object, got " + record.getNodeType());
        }
        writer.reset();
        try {
            for (int key : recordPath) {
                writer.beginNode(key);
            }
            writeFields(record, mapping.root(), recordPath.length);
            for (int i = 0; i < recordPath.length; i++) {
                writer.endNode();
            }
        } catch (IllegalStateException e) {
            // the writer's own nesting cap, reached when --max-depth is set above it
            throw new BadInputException("the record cannot be encoded: " + e.getMessage(), e);
        }
        if (writer.size() > limits.maxPacketSize()) {
            throw new BadInputException(
                    "the record encodes to "
                            + writer.size()
                            + " bytes, above --max-packet-size "
                            + limits.maxPacketSize());
        }
        return writer.toByteArray();
    }

    private void writeFields(JsonNode object, KeyMapping.Level level, int depth) {
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            KeyMapping.Field field = level.forName(e.getKey());
            if (field == null) {
                throw new BadInputException(
                        "field '"
                                + level.pathOf(e.getKey())
                                + "' has no key: map it with --keys or name it by its key (0x11)");
            }
            writeValue(field.key(), field, e.getValue(), depth);
        }
    }

    private void writeValue(int key, KeyMapping.Field field, JsonNode value, int depth) {
        if (value.isNull()) {
            return;
        }
        if (value.isObject() || value.isArray()) {
            if (depth + 1 > limits.maxDepth()) {
                throw new BadInputException(
                        field.describe() + " nests deeper than --max-depth " + limits.maxDepth());
            }
            if (value.isObject()) {
                writer.beginNode(key);
                writeFields(value, field.children(), depth + 1);
            } else {
                writer.beginArray(key);
                for (JsonNode item : value) {
                    if (item.isNull()) {
                        throw new BadInputException(
                                field.describe() + ": a slice cannot hold null");
                    }
                    writeValue(SLICE_ITEM_KEY, field, item, depth + 1);
                }
            }
            writer.endNode();
            return;
        }
        ValueType type = field.encodeType(value);
        try {
            type.write(writer, key, value);
        } catch (BadInputException e) {
            throw new BadInputException(field.describe() + ": " + e.getMessage(), e);
        }
    }
}
