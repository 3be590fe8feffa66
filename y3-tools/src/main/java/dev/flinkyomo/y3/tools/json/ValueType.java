package dev.flinkyomo.y3.tools.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Writer;
import dev.flinkyomo.y3.tools.io.BadInputException;
import dev.flinkyomo.y3.tools.io.Hex;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The Go types a Y3 primitive can carry, and how each maps to JSON. Integers are read and written
 * with the chosen {@link IntegerEncoding}; unsigned types keep Go's bit reinterpretation (uint32
 * 4294967295 travels as the int32 -1). Bytes are uppercase hex strings in JSON.
 */
@Internal
public enum ValueType {
    STRING {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.textNode(c.string());
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            require(v.isTextual(), v);
            w.string(key, v.textValue());
        }
    },
    BYTES {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.textNode(Hex.compact(c.buffer(), c.valueIndex(), c.valueLength()));
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            require(v.isTextual(), v);
            w.bytes(key, Hex.parse(v.textValue()));
        }
    },
    BOOL {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.booleanNode(c.bool());
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            require(v.isBoolean(), v);
            w.bool(key, v.booleanValue());
        }
    },
    INT32 {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.numberNode(c.int32(enc));
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            require(v.isIntegralNumber() && v.canConvertToInt(), v);
            w.int32(key, v.intValue());
        }
    },
    INT64 {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.numberNode(c.int64(enc));
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            require(v.isIntegralNumber() && v.canConvertToLong(), v);
            w.int64(key, v.longValue());
        }
    },
    UINT32 {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.numberNode(c.uint32(enc));
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            require(v.isIntegralNumber() && v.canConvertToLong(), v);
            long u = v.longValue();
            require(u >= 0 && u <= 0xFFFF_FFFFL, v);
            w.uint32(key, u);
        }
    },
    UINT64 {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            long bits = c.int64(enc);
            return bits >= 0
                    ? NODES.numberNode(bits)
                    : NODES.numberNode(new BigInteger(Long.toUnsignedString(bits)));
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            require(v.isIntegralNumber(), v);
            BigInteger u = v.bigIntegerValue();
            require(u.signum() >= 0 && u.bitLength() <= 64, v);
            w.uint64(key, u.longValue());
        }
    },
    FLOAT32 {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.numberNode(c.float32());
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            w.float32(key, (float) floatValue(v));
        }
    },
    FLOAT64 {
        @Override
        JsonNode read(Y3Cursor c, IntegerEncoding enc) {
            return NODES.numberNode(c.float64());
        }

        @Override
        void write(Y3Writer w, int key, JsonNode v) {
            w.float64(key, floatValue(v));
        }
    };

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Decodes the current primitive of the cursor. */
    abstract JsonNode read(Y3Cursor c, IntegerEncoding enc);

    /** Writes a JSON scalar as a primitive; a value that does not fit throws BadInputException. */
    abstract void write(Y3Writer w, int key, JsonNode v);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type fromjson uses for a field given no --types entry: decided by the JSON value. */
    static ValueType inferFrom(JsonNode v) {
        if (v.isBoolean()) {
            return BOOL;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? INT64 : UINT64;
        }
        if (v.isNumber()) {
            return FLOAT64;
        }
        return STRING;
    }

    public static ValueType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown type '"
                            + text.trim()
                            + "' (use string, bytes, bool, int32, int64, uint32, "
                            + "uint64, float32, float64)");
        }
    }

    /** JSON numbers, plus the strings Jackson writes for non-finite floats. */
    private static double floatValue(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new BadInputException("not a number: " + abbreviate(v));
    }

    final void require(boolean ok, JsonNode v) {
        if (!ok) {
            throw new BadInputException(abbreviate(v) + " does not fit type " + label());
        }
    }

    private static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
