package dev.flinkyomo.y3.tools.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3Tag;
import dev.flinkyomo.y3.tools.io.BadInputException;

import java.util.function.Consumer;

/**
 * Y3 records to JSON objects. Nodes become objects, slices (nodes with the array flag) become
 * arrays, primitives are read with their field's {@link ValueType}. When a key repeats, the last
 * occurrence wins, as in y3's decoder.
 *
 * <p>With a record path (for example {@code [0x10]}, or {@code [0x01, 0x10]} for a y3-codec-golang
 * payload: root wrapper 0x01 around record node 0x10), every top-level packet is one record; other
 * children of the wrapper (y3-codec-golang signals) are passed over. Without one, the whole input
 * is the fields of a single record.
 */
@Internal
public final class Y3ToJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KeyMapping mapping;
    private final IntegerEncoding integers;
    private final Y3Limits limits;
    private final int[] recordPath;

    public Y3ToJson(
            KeyMapping mapping, IntegerEncoding integers, Y3Limits limits, int[] recordPath) {
        this.mapping = mapping;
        this.integers = integers;
        this.limits = limits;
        this.recordPath = recordPath.clone();
    }

    /**
     * Converts the input, handing over each record as it is decoded.
     *
     * @param warnings receives a line for every top-level packet that is not a record
     * @throws Y3Exception or BadInputException at the first malformed record, with its offset
     */
    public void convert(byte[] input, Consumer<ObjectNode> records, Consumer<String> warnings) {
        Y3Cursor top = new Y3Cursor(input, 0, input.length, limits);
        if (recordPath.length == 0) {
            records.accept(readObject(top, mapping.root()));
            return;
        }
        while (top.next()) {
            if (!top.isNode() || top.key() != recordPath[0]) {
                warnings.accept(
                        String.format(
                                "skipped the packet at offset %d: tag %02X is not the record node %s",
                                top.tagOffset(), top.tag(), Y3Tag.hex(recordPath[0])));
                continue;
            }
            records.accept(readObject(recordFields(top, 1), mapping.root()));
        }
    }

    /** The fields of the record: descends the record path below the top-level packet. */
    private Y3Cursor recordFields(Y3Cursor node, int depth) {
        Y3Cursor children = node.children();
        if (depth == recordPath.length) {
            return children;
        }
        while (children.next()) {
            if (children.isNode() && children.key() == recordPath[depth]) {
                return recordFields(children, depth + 1);
            }
        }
        throw new BadInputException(
                String.format(
                        "the node at offset %d has no child node %s on the record path",
                        node.tagOffset(), Y3Tag.hex(recordPath[depth])));
    }

    private ObjectNode readObject(Y3Cursor fields, KeyMapping.Level level) {
        ObjectNode object = NODES.objectNode();
        while (fields.next()) {
            KeyMapping.Field field = level.forKey(fields.key());
            object.set(field.name(), readValue(fields, field));
        }
        return object;
    }

    private JsonNode readValue(Y3Cursor c, KeyMapping.Field field) {
        if (c.isNode()) {
            Y3Cursor children = c.children();
            if (!c.isArray()) {
                return readObject(children, field.children());
            }
            ArrayNode array = NODES.arrayNode();
            while (children.next()) {
                array.add(readValue(children, field));
            }
            return array;
        }
        ValueType type = field.decodeType();
        try {
            return type.read(c, integers);
        } catch (Y3Exception e) {
            throw new BadInputException(
                    field.describe()
                            + " read as "
                            + type.label()
                            + ": "
                            + e.getMessage()
                            + (field.type() == null ? " (set its type with --types)" : ""),
                    e);
        }
    }
}
