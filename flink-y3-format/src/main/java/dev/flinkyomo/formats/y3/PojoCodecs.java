package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.formats.y3.row.Y3FieldException;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3Tag;
import dev.flinkyomo.y3.Y3Values;
import dev.flinkyomo.y3.Y3Writer;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Builds codecs for Java types by reflection, once per schema instance: primitives and their boxes,
 * String, byte[] (raw bytes), Instant (int64 epoch millis), POJOs with {@link Y3Key} fields
 * (nodes), and List/arrays of these (y3-codec-golang slices).
 */
@Internal
public final class PojoCodecs {

    private final IntegerEncoding ints;
    private final Y3Limits limits;

    public PojoCodecs(IntegerEncoding ints, int maxPacketSize) {
        this.ints = ints;
        this.limits = Y3Limits.of(maxPacketSize, Y3Limits.DEFAULT_MAX_DEPTH);
    }

    /**
     * The codec of a POJO class.
     *
     * @throws IllegalArgumentException naming the class and field for an unsupported field type, a
     *     bad or duplicate key, or a missing no-argument constructor
     */
    public ClassCodec forClass(Class<?> type) {
        return new ClassCodec(type, type.getSimpleName(), "");
    }

    private PojoValueCodec forType(Type type, String where, String keyPath) {
        if (type instanceof Class) {
            Class<?> c = (Class<?>) type;
            if (c == boolean.class || c == Boolean.class) {
                return primitive(Y3Values::bool, (w, k, v) -> w.bool(k, (Boolean) v));
            }
            if (c == byte.class || c == Byte.class) {
                return primitive(
                        (b, o, l, base) ->
                                (byte)
                                        ranged(
                                                b,
                                                o,
                                                l,
                                                base,
                                                Byte.MIN_VALUE,
                                                Byte.MAX_VALUE,
                                                "byte"),
                        (w, k, v) -> w.int32(k, (Byte) v));
            }
            if (c == short.class || c == Short.class) {
                return primitive(
                        (b, o, l, base) ->
                                (short)
                                        ranged(
                                                b,
                                                o,
                                                l,
                                                base,
                                                Short.MIN_VALUE,
                                                Short.MAX_VALUE,
                                                "short"),
                        (w, k, v) -> w.int32(k, (Short) v));
            }
            if (c == int.class || c == Integer.class) {
                return primitive(ints::read32, (w, k, v) -> w.int32(k, (Integer) v));
            }
            if (c == long.class || c == Long.class) {
                return primitive(ints::read64, (w, k, v) -> w.int64(k, (Long) v));
            }
            if (c == float.class || c == Float.class) {
                return primitive(Y3Values::float32, (w, k, v) -> w.float32(k, (Float) v));
            }
            if (c == double.class || c == Double.class) {
                return primitive(Y3Values::float64, (w, k, v) -> w.float64(k, (Double) v));
            }
            if (c == String.class) {
                return primitive(Y3Values::string, (w, k, v) -> w.string(k, (String) v));
            }
            if (c == byte[].class) {
                return primitive(
                        (b, o, l, base) -> Arrays.copyOfRange(b, o, o + l),
                        (w, k, v) -> w.bytes(k, (byte[]) v));
            }
            if (c == Instant.class) {
                return primitive(
                        (b, o, l, base) -> Instant.ofEpochMilli(ints.read64(b, o, l, base)),
                        (w, k, v) -> w.int64(k, ((Instant) v).toEpochMilli()));
            }
            if (c.isArray()) {
                Class<?> component = c.getComponentType();
                return new SliceCodec(
                        forType(component, where + "[]", keyPath + ".0x00"), component, where);
            }
            if (!c.isPrimitive() && !c.getName().startsWith("java.")) {
                return new ClassCodec(c, where, keyPath);
            }
        } else if (type instanceof ParameterizedType
                && List.class.isAssignableFrom((Class<?>) ((ParameterizedType) type).getRawType())
                && ((Class<?>) ((ParameterizedType) type).getRawType())
                        .isAssignableFrom(ArrayList.class)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            return new SliceCodec(forType(element, where + "[]", keyPath + ".0x00"), null, where);
        } else if (type instanceof GenericArrayType) {
            throw new IllegalArgumentException(
                    where + ": generic arrays are not supported; use List<...>");
        }
        throw new IllegalArgumentException(
                where
                        + " has type "
                        + type.getTypeName()
                        + ", which Y3 POJOs do not support. Supported: boolean,"
                        + " byte, short, int, long, float, double (and boxes), String, byte[], Instant, List or"
                        + " arrays of these, and classes whose fields carry @Y3Key.");
    }

    private int ranged(byte[] buf, int off, int len, int base, int min, int max, String javaType) {
        int v = ints.read32(buf, off, len, base);
        if (v < min || v > max) {
            throw new Y3Exception(
                    Y3Exception.Reason.BAD_VALUE,
                    off - base,
                    "value " + v + " does not fit a " + javaType);
        }
        return v;
    }

    @FunctionalInterface
    private interface Reader {
        Object read(byte[] buf, int off, int len, int base);
    }

    @FunctionalInterface
    private interface Writer {
        void write(Y3Writer w, int key, Object value);
    }

    private static PojoValueCodec primitive(Reader reader, Writer writer) {
        return new PojoValueCodec() {
            @Override
            public boolean isNode() {
                return false;
            }

            @Override
            public Object read(byte[] buf, int off, int len, int base) {
                return reader.read(buf, off, len, base);
            }

            @Override
            public void write(Y3Writer w, int key, Object value) {
                writer.write(w, key, value);
            }
        };
    }

    /**
     * A POJO as a node: one child per {@link Y3Key} field. Absent keys leave the field as
     * constructed.
     */
    public final class ClassCodec implements PojoValueCodec {
        private final Constructor<?> constructor;
        private final Field[] fieldByKey = new Field[Y3Tag.MAX_KEY + 1];
        private final PojoValueCodec[] codecByKey = new PojoValueCodec[Y3Tag.MAX_KEY + 1];
        private final String[] nameByKey = new String[Y3Tag.MAX_KEY + 1];
        private final String[] pathByKey = new String[Y3Tag.MAX_KEY + 1];
        private final int[] keysInOrder;

        ClassCodec(Class<?> type, String where, String keyPath) {
            try {
                constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
            } catch (NoSuchMethodException | RuntimeException e) {
                throw new IllegalArgumentException(
                        where
                                + ": class "
                                + type.getName()
                                + " needs an accessible no-argument constructor to be read from Y3",
                        e);
            }
            List<Integer> keys = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Y3Key annotation = f.getAnnotation(Y3Key.class);
                    if (annotation == null) {
                        continue;
                    }
                    String name = type.getSimpleName() + "." + f.getName();
                    int key = annotation.value();
                    if (key < 0 || key > Y3Tag.MAX_KEY) {
                        throw new IllegalArgumentException(
                                "@Y3Key of "
                                        + name
                                        + " is "
                                        + Y3Tag.hex(key)
                                        + "; keys are 0x00..0x3F");
                    }
                    if (fieldByKey[key] != null) {
                        throw new IllegalArgumentException(
                                name
                                        + " and "
                                        + nameByKey[key]
                                        + " both have @Y3Key("
                                        + Y3Tag.hex(key)
                                        + ")");
                    }
                    if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                        throw new IllegalArgumentException(
                                name + " has @Y3Key but is static or final");
                    }
                    f.setAccessible(true);
                    String path =
                            keyPath.isEmpty() ? Y3Tag.hex(key) : keyPath + "." + Y3Tag.hex(key);
                    fieldByKey[key] = f;
                    nameByKey[key] = name;
                    pathByKey[key] = path;
                    codecByKey[key] = forType(f.getGenericType(), name, path);
                    keys.add(key);
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException(
                        where + ": class " + type.getName() + " has no @Y3Key fields");
            }
            keysInOrder = keys.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public boolean isNode() {
            return true;
        }

        @Override
        public Object read(byte[] buf, int off, int len, int base) {
            Object target;
            try {
                target = constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "cannot instantiate " + constructor.getDeclaringClass().getName(), e);
            }
            Y3Cursor tlv = new Y3Cursor(buf, off, len, base, limits);
            while (tlv.next()) {
                int key = tlv.tag() & Y3Tag.KEY_MASK;
                PojoValueCodec codec = codecByKey[key];
                if (codec != null) {
                    try {
                        checkKind(codec, tlv.tag(), tlv.tagOffset());
                        fieldByKey[key].set(
                                target, codec.read(buf, tlv.valueIndex(), tlv.valueLength(), base));
                    } catch (Y3Exception e) {
                        throw new Y3FieldException(nameByKey[key], pathByKey[key], e);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return target;
        }

        @Override
        public void write(Y3Writer w, int key, Object value) {
            w.beginNode(key);
            writeFields(w, value);
            w.endNode();
        }

        /**
         * Writes the fields (without a node around them), in declaration order; nulls are left out.
         */
        public void writeFields(Y3Writer w, Object value) {
            for (int key : keysInOrder) {
                Object v;
                try {
                    v = fieldByKey[key].get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (v != null) {
                    codecByKey[key].write(w, key, v);
                }
            }
        }
    }

    private static void checkKind(PojoValueCodec codec, int tag, int offset) {
        if (Y3Tag.isNode(tag) != codec.isNode()) {
            throw new Y3Exception(
                    Y3Exception.Reason.WRONG_KIND,
                    offset,
                    (codec.isNode() ? "expected a node" : "expected a primitive")
                            + " but found tag "
                            + Y3Tag.hex(tag));
        }
    }

    /** A slice read into a List, or into an array when the field is an array. */
    private final class SliceCodec implements PojoValueCodec {
        private final PojoValueCodec element;
        private final Class<?> arrayComponent; // null: List
        private final String where;

        SliceCodec(PojoValueCodec element, Class<?> arrayComponent, String where) {
            this.element = element;
            this.arrayComponent = arrayComponent;
            this.where = where;
        }

        @Override
        public boolean isNode() {
            return true;
        }

        @Override
        public Object read(byte[] buf, int off, int len, int base) {
            List<Object> items = new ArrayList<>();
            Y3Cursor tlv = new Y3Cursor(buf, off, len, base, limits);
            while (tlv.next()) {
                checkKind(element, tlv.tag(), tlv.tagOffset());
                items.add(element.read(buf, tlv.valueIndex(), tlv.valueLength(), base));
            }
            if (arrayComponent == null) {
                return items;
            }
            Object array = Array.newInstance(arrayComponent, items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, items.get(i));
            }
            return array;
        }

        @Override
        public void write(Y3Writer w, int key, Object value) {
            w.beginArray(key);
            Function<Integer, Object> get =
                    arrayComponent == null ? ((List<?>) value)::get : i -> Array.get(value, i);
            int size = arrayComponent == null ? ((List<?>) value).size() : Array.getLength(value);
            for (int i = 0; i < size; i++) {
                Object item = get.apply(i);
                if (item == null) {
                    throw new IllegalArgumentException(
                            "Cannot write "
                                    + where
                                    + " to Y3: item "
                                    + i
                                    + " is null, and a Y3 slice cannot carry nulls.");
                }
                element.write(w, 0x00, item);
            }
            w.endNode();
        }
    }
}
