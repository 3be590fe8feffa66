package dev.flinkyomo.bridge.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to composed YAML nodes. Every mismatch becomes a diagnostic at the node's line and
 * column saying what was expected and what was found; the caller gets an empty result and carries
 * on, so one run reports every problem of the file.
 */
final class NodeReader {

    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private final String file;
    private final Diagnostics diagnostics;

    NodeReader(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    Position at(Node node) {
        return node.getStartMark()
                .map(m -> new Position(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(Position.ofFile(file));
    }

    void error(Node node, String message) {
        diagnostics.error(at(node), message);
    }

    void warn(Node node, String message) {
        diagnostics.warn(at(node), message);
    }

    Optional<Fields> mapping(Node node, String what) {
        if (!(node instanceof MappingNode)) {
            error(node, "expected a mapping for " + what + ", found " + describe(node));
            return Optional.empty();
        }
        Fields fields = new Fields(node, what);
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode) || keyNode.getTag().equals(Tag.NULL)) {
                error(keyNode, "expected a plain key in " + what + ", found " + describe(keyNode));
                continue;
            }
            String key = ((ScalarNode) keyNode).getValue();
            if (fields.has(key)) {
                Position first = at(fields.keyNode(key));
                error(
                        keyNode,
                        "duplicate key '"
                                + key
                                + "' in "
                                + what
                                + " (first at line "
                                + first.line()
                                + ")");
                continue;
            }
            fields.put(key, keyNode, tuple.getValueNode());
        }
        return Optional.of(fields);
    }

    Optional<List<Node>> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode)) {
            error(node, "expected a list for " + what + ", found " + describe(node));
            return Optional.empty();
        }
        return Optional.of(((SequenceNode) node).getValue());
    }

    /** Any non-null scalar; like Go's yaml, {@code name: 42} is the string "42". */
    Optional<String> string(Node node, String what) {
        if (!(node instanceof ScalarNode) || node.getTag().equals(Tag.NULL)) {
            error(node, "expected a string for " + what + ", found " + describe(node));
            return Optional.empty();
        }
        return Optional.of(((ScalarNode) node).getValue());
    }

    Optional<String> nonEmptyString(Node node, String what) {
        Optional<String> s = string(node, what);
        if (s.isPresent() && s.get().isBlank()) {
            error(node, "expected a non-empty string for " + what + ", found an empty string");
            return Optional.empty();
        }
        return s;
    }

    Optional<Long> integer(Node node, String what) {
        if (!(node instanceof ScalarNode) || !node.getTag().equals(Tag.INT)) {
            error(node, "expected an integer for " + what + ", found " + describe(node));
            return Optional.empty();
        }
        Optional<BigInteger> value = parseInt(((ScalarNode) node).getValue());
        if (value.isEmpty() || value.get().abs().compareTo(MAX_LONG) > 0) {
            error(node, "integer out of range for " + what + ": " + ((ScalarNode) node).getValue());
            return Optional.empty();
        }
        return Optional.of(value.get().longValue());
    }

    Optional<Long> integerInRange(Node node, String what, long min, long max) {
        Optional<Long> value = integer(node, what);
        if (value.isPresent() && (value.get() < min || value.get() > max)) {
            error(node, what + " must be between " + min + " and " + max + ", got " + value.get());
            return Optional.empty();
        }
        return value;
    }

    Optional<Integer> port(Node node, String what) {
        return integerInRange(node, what, 1, 65_535).map(Long::intValue);
    }

    /** A YoMo data tag: uint32, written in decimal or hex ({@code 0x33}). */
    Optional<Long> tag(Node node, String what) {
        return integerInRange(node, what, 0, dev.flinkyomo.yomo.Tag.MAX);
    }

    Set<Long> tags(Node node, String what) {
        Set<Long> tags = new TreeSet<>();
        sequence(node, what)
                .ifPresent(
                        items ->
                                items.forEach(
                                        item ->
                                                tag(item, "a tag in " + what)
                                                        .ifPresent(tags::add)));
        return tags;
    }

    /** Reports a key the mapping requires but lacks, at the mapping's start. */
    Optional<Node> required(Fields fields, String key) {
        Optional<Node> node = fields.get(key);
        if (node.isEmpty()) {
            error(fields.node(), "missing required key '" + key + "' in " + fields.what());
        }
        return node;
    }

    /** Warns about every key the reader does not know, at the key. */
    void warnUnknownKeys(Fields fields, Set<String> known) {
        for (String key : fields.keys()) {
            if (!known.contains(key)) {
                warn(
                        fields.keyNode(key),
                        "unknown key '"
                                + key
                                + "' in "
                                + fields.what()
                                + " is ignored"
                                + knownKeys(key, known));
            }
        }
    }

    /** {@code ; did you mean 'functions'? (known: auth, ...)}, the hint after an unknown key. */
    static String knownKeys(String key, Set<String> known) {
        return Suggestions.closest(key, known).map(k -> "; did you mean '" + k + "'?").orElse("")
                + " (known: "
                + String.join(", ", new TreeSet<>(known))
                + ")";
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "nothing (null)";
        }
        String kind =
                tag.equals(Tag.INT)
                        ? "the integer"
                        : tag.equals(Tag.FLOAT)
                                ? "the number"
                                : tag.equals(Tag.BOOL) ? "the boolean" : "the string";
        return kind + " '" + scalar.getValue() + "'";
    }

    /** YAML 1.2 core schema integers: decimal, 0x hex, 0o octal, optional sign. */
    private static Optional<BigInteger> parseInt(String text) {
        String s = text.replace("_", "");
        boolean negative = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        try {
            BigInteger v;
            if (s.startsWith("0x")) {
                v = new BigInteger(s.substring(2), 16);
            } else if (s.startsWith("0o")) {
                v = new BigInteger(s.substring(2), 8);
            } else {
                v = new BigInteger(s);
            }
            return Optional.of(negative ? v.negate() : v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
