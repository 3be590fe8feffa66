package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stream function name bound to an implementation.
 *
 * @param name the configured name
 * @param kind Wasm module or Java class
 * @param location the module's absolute path, or the Java class name
 * @param observedTags the data tags the function receives (sorted)
 */
@PublicEvolving
public record ResolvedFunction(
        String name, FunctionKind kind, String location, Set<Long> observedTags) {

    public ResolvedFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        observedTags = java.util.Collections.unmodifiableSet(new TreeSet<>(observedTags));
    }

    public boolean observes(long tag) {
        return observedTags.contains(tag);
    }
}
