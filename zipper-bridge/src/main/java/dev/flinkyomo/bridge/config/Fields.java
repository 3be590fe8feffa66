package dev.flinkyomo.bridge.config;

import org.snakeyaml.engine.v2.nodes.Node;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The entries of one YAML mapping by key, in file order, with the nodes for positions. */
final class Fields {

    private final Node mapping;
    private final String what;
    private final Map<String, Node> keys = new LinkedHashMap<>();
    private final Map<String, Node> values = new LinkedHashMap<>();

    Fields(Node mapping, String what) {
        this.mapping = mapping;
        this.what = what;
    }

    void put(String key, Node keyNode, Node valueNode) {
        keys.put(key, keyNode);
        values.put(key, valueNode);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Optional<Node> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    Node keyNode(String key) {
        return keys.get(key);
    }

    Set<String> keys() {
        return values.keySet();
    }

    Collection<Node> keyNodes() {
        return keys.values();
    }

    /** The mapping node itself, where "missing key" problems are reported. */
    Node node() {
        return mapping;
    }

    /** What this mapping is, for messages: "the zipper configuration", "mesh entry 'x'". */
    String what() {
        return what;
    }
}
