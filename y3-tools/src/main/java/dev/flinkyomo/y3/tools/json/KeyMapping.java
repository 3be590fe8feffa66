package dev.flinkyomo.y3.tools.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.Y3KeyPath;
import dev.flinkyomo.y3.Y3Tag;
import dev.flinkyomo.y3.tools.io.KeyLiterals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON field names to Y3 keys, level by level, from {@code --keys
 * 'noise=0x11,loc=0x20,loc.lat=0x01'} (dotted names are fields of nested objects; array items share
 * their array's entry) and {@code --types 'noise=float32,loc.lat=float64'}. A name of the form
 * {@code 0x15} is the key itself, so keys without a name still round-trip.
 */
@Internal
public final class KeyMapping {

    /** One named key at one level. */
    public static final class Field {
        private final String path;
        private final String name;
        private final int key;
        private final boolean literal;
        private final Level children;
        private ValueType type;

        private Field(String path, String name, int key, boolean literal) {
            this.path = path;
            this.name = name;
            this.key = key;
            this.literal = literal;
            this.children = new Level(path);
        }

        static Field literal(String parentPath, int key) {
            String name = KeyLiterals.literalName(key);
            return new Field(join(parentPath, name), name, key, true);
        }

        public String name() {
            return name;
        }

        /** Dotted path from the record, for messages. */
        public String path() {
            return path;
        }

        public int key() {
            return key;
        }

        public Level children() {
            return children;
        }

        /** The type given by --types, or null. */
        public ValueType type() {
            return type;
        }

        /** Type for decoding: --types, else bytes for a key without a name, else string. */
        ValueType decodeType() {
            if (type != null) {
                return type;
            }
            return literal ? ValueType.BYTES : ValueType.STRING;
        }

        /**
         * Type for encoding: --types, else bytes for a key without a name, else by the JSON value.
         */
        ValueType encodeType(JsonNode v) {
            if (type != null) {
                return type;
            }
            return literal ? ValueType.BYTES : ValueType.inferFrom(v);
        }

        String describe() {
            return "field '" + path + "' (key " + Y3Tag.hex(key) + ")";
        }
    }

    /** The named keys inside one node (or at record level). */
    public static final class Level {
        private final String path;
        private final Map<String, Field> byName = new LinkedHashMap<>();
        private final Field[] byKey = new Field[Y3Tag.MAX_KEY + 1];

        Level() {
            this("");
        }

        private Level(String path) {
            this.path = path;
        }

        /** Dotted path of a field named {@code name} at this level, for messages. */
        public String pathOf(String name) {
            return join(path, name);
        }

        /** The field for a key; keys without a name get their literal name ({@code 0x15}). */
        public Field forKey(int key) {
            Field f = byKey[key];
            return f != null ? f : Field.literal(path, key);
        }

        /** The field for a JSON name, or null if the name is neither mapped nor a literal key. */
        public Field forName(String name) {
            Field f = byName.get(name);
            if (f != null) {
                return f;
            }
            return KeyLiterals.isLiteralName(name) ? forKey(Y3KeyPath.parseKey(name)) : null;
        }

        private Field add(String name, int key, boolean literal) {
            Field previous = byKey[key];
            if (previous != null) {
                throw new IllegalArgumentException(
                        "'"
                                + previous.path
                                + "' and '"
                                + join(path, name)
                                + "' both use key "
                                + Y3Tag.hex(key));
            }
            Field f = new Field(join(path, name), name, key, literal);
            byName.put(name, f);
            byKey[key] = f;
            return f;
        }
    }

    private final Level root;

    private KeyMapping(Level root) {
        this.root = root;
    }

    public Level root() {
        return root;
    }

    /**
     * @param keys {@code name=key,...}, may be null or empty
     * @param types {@code name=type,...}, may be null or empty
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static KeyMapping parse(String keys, String types) {
        Level root = new Level();
        List<String[]> entries = new ArrayList<>();
        for (String entry : entries(keys)) {
            entries.add(splitEntry(entry, "--keys"));
        }
        // parents before children, whatever order they were written in
        entries.sort(Comparator.comparingInt(e -> e[0].split("\\.", -1).length));
        for (String[] e : entries) {
            addKey(root, e[0], e[1]);
        }
        for (String entry : entries(types)) {
            String[] e = splitEntry(entry, "--types");
            resolveForType(root, e[0]).type = ValueType.parse(e[1]);
        }
        return new KeyMapping(root);
    }

    private static void addKey(Level root, String path, String keyText) {
        String[] names = path.split("\\.", -1);
        Level level = root;
        for (int i = 0; i < names.length - 1; i++) {
            Field parent = level.byName.get(names[i]);
            if (parent == null) {
                throw new IllegalArgumentException(
                        "--keys maps '"
                                + path
                                + "' but not its parent '"
                                + String.join(".", Arrays.copyOf(names, i + 1))
                                + "'");
            }
            level = parent.children;
        }
        String name = names[names.length - 1];
        if (name.isBlank()) {
            throw new IllegalArgumentException("--keys has an empty name in '" + path + "'");
        }
        if (KeyLiterals.isLiteralName(name)) {
            throw new IllegalArgumentException(
                    "--keys name '"
                            + name
                            + "' looks like a key; such names already mean that key");
        }
        if (level.byName.containsKey(name)) {
            throw new IllegalArgumentException("--keys maps '" + path + "' twice");
        }
        level.add(name, Y3KeyPath.parseKey(keyText), false);
    }

    private static Field resolveForType(Level root, String path) {
        Level level = root;
        Field field = null;
        for (String name : path.split("\\.", -1)) {
            field = level.byName.get(name);
            if (field == null) {
                if (!KeyLiterals.isLiteralName(name)) {
                    throw new IllegalArgumentException(
                            "--types names '" + path + "', which --keys does not map");
                }
                field = level.add(name, Y3KeyPath.parseKey(name), true);
            }
            level = field.children;
        }
        return field;
    }

    private static List<String> entries(String spec) {
        List<String> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static String[] splitEntry(String entry, String option) {
        int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
            throw new IllegalArgumentException(option + " entry '" + entry + "' is not name=value");
        }
        return new String[] {entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()};
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
