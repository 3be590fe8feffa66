package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.bridge.spi.JavaStreamFunction;
import dev.flinkyomo.yomo.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Resolves names to {@link JavaStreamFunction}s registered through {@link ServiceLoader}. */
@PublicEvolving
public final class JavaFunctionResolver implements FunctionResolver {

    private final Map<String, List<JavaStreamFunction>> byName = new TreeMap<>();
    private final List<String> loadErrors = new ArrayList<>();

    public JavaFunctionResolver(ClassLoader classLoader) {
        ServiceLoader<JavaStreamFunction> loader =
                ServiceLoader.load(JavaStreamFunction.class, classLoader);
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                JavaStreamFunction f = it.next();
                byName.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(f);
            } catch (ServiceConfigurationError e) {
                // One broken provider must not hide the others; report it with every lookup.
                loadErrors.add(e.getMessage());
            }
        }
    }

    @Override
    public Optional<ResolvedFunction> resolve(String name) throws FunctionResolutionException {
        List<JavaStreamFunction> candidates = byName.get(name);
        if (candidates == null) {
            return Optional.empty();
        }
        if (candidates.size() > 1) {
            throw new FunctionResolutionException(
                    "Java stream function name '"
                            + name
                            + "' is registered by "
                            + candidates.stream().map(f -> f.getClass().getName()).toList()
                            + "; names must be unique");
        }
        JavaStreamFunction f = candidates.get(0);
        Set<Long> tags;
        try {
            tags = f.observedTags();
        } catch (RuntimeException e) {
            throw new FunctionResolutionException(
                    f.getClass().getName() + ".observedTags() failed: " + e, e);
        }
        if (tags == null) {
            throw new FunctionResolutionException(
                    f.getClass().getName() + ".observedTags() returned null");
        }
        for (Long tag : tags) {
            if (tag == null || !Tag.isValid(tag)) {
                throw new FunctionResolutionException(
                        f.getClass().getName()
                                + " observes "
                                + tag
                                + ", which is not a uint32 YoMo data tag");
            }
        }
        return Optional.of(
                new ResolvedFunction(name, FunctionKind.JAVA, f.getClass().getName(), tags));
    }

    @Override
    public String describeSearch(String name) {
        String registered =
                byName.isEmpty()
                        ? "none registered"
                        : "registered: " + String.join(", ", byName.keySet());
        String broken =
                loadErrors.isEmpty() ? "" : "; broken providers: " + String.join("; ", loadErrors);
        return "Java stream functions in META-INF/services/"
                + JavaStreamFunction.class.getName()
                + " ("
                + registered
                + broken
                + ")";
    }

    @Override
    public List<String> available() {
        return List.copyOf(byName.keySet());
    }
}
