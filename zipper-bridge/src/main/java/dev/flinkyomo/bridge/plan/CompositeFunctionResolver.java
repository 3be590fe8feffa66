package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Asks several resolvers in order; the first that knows a name wins (Wasm before Java). */
@PublicEvolving
public final class CompositeFunctionResolver implements FunctionResolver {

    private final List<FunctionResolver> resolvers;

    public CompositeFunctionResolver(List<FunctionResolver> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    @Override
    public Optional<ResolvedFunction> resolve(String name) throws FunctionResolutionException {
        for (FunctionResolver r : resolvers) {
            Optional<ResolvedFunction> f = r.resolve(name);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    @Override
    public String describeSearch(String name) {
        return resolvers.stream()
                .map(r -> r.describeSearch(name))
                .collect(Collectors.joining("; "));
    }

    @Override
    public List<String> available() {
        TreeSet<String> names = new TreeSet<>();
        resolvers.forEach(r -> names.addAll(r.available()));
        return new ArrayList<>(names);
    }
}
