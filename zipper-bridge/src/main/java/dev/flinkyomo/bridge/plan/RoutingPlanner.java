package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.Diagnostic;
import dev.flinkyomo.bridge.config.Diagnostics;
import dev.flinkyomo.bridge.config.FunctionRef;
import dev.flinkyomo.bridge.config.Position;
import dev.flinkyomo.bridge.config.ZipperConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a configuration into a {@link RoutingPlan} by resolving every function name. A name with no
 * Wasm module and no Java class is not an error: as in a YoMo zipper, such a function runs as its
 * own process and connects to the listener ({@link RoutingPlan#awaited}); a warning names where the
 * resolver looked, so that a misspelt name is seen. {@code validate} calls {@link #check}, {@code
 * plan} and {@code run} call {@link #plan}; a function that cannot be used (a broken module) is an
 * error there and a warning in {@code validate}.
 */
@PublicEvolving
public final class RoutingPlanner {

    private final FunctionResolver resolver;

    public RoutingPlanner(FunctionResolver resolver) {
        this.resolver = resolver;
    }

    public RoutingPlan plan(ZipperConfig config) throws ConfigException {
        Diagnostics diagnostics = new Diagnostics();
        List<FunctionRef> awaited = new ArrayList<>();
        List<Stage> stages = resolveAll(config, diagnostics, true, awaited);
        diagnostics.throwIfErrors("cannot plan " + config.file());
        return new RoutingPlan(config, stages, diagnostics.warnings(), awaited);
    }

    /** The resolution problems as warnings; never fails. */
    public List<Diagnostic> check(ZipperConfig config) {
        Diagnostics diagnostics = new Diagnostics();
        resolveAll(config, diagnostics, false, new ArrayList<>());
        return diagnostics.all();
    }

    /**
     * What runs: the YoMo list, else {@code flink.functions}, else every function the resolver
     * knows.
     */
    public List<FunctionRef> functionsToRun(ZipperConfig config) {
        if (config.generation().listsFunctions()) {
            return config.functions();
        }
        if (!config.flink().functions().isEmpty()) {
            return config.flink().functions();
        }
        Position file = Position.ofFile(config.file());
        return resolver.available().stream().map(name -> new FunctionRef(name, file)).toList();
    }

    private List<Stage> resolveAll(
            ZipperConfig config,
            Diagnostics diagnostics,
            boolean strict,
            List<FunctionRef> awaited) {
        List<FunctionRef> refs = functionsToRun(config);
        if (!config.generation().listsFunctions() && config.flink().functions().isEmpty()) {
            diagnostics.warn(
                    Position.ofFile(config.file()),
                    config.generation()
                            + " files list no functions; running every"
                            + " function found ("
                            + (refs.isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ", refs.stream().map(FunctionRef::name).toList()))
                            + ") in name order; list them under flink.functions to choose the order");
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            FunctionRef ref = refs.get(i);
            // a stage's number is its place in the list, awaited functions counted: a connected
            // function at place p takes what was written before p and writes at p
            int number = i + 1;
            Optional<ResolvedFunction> resolved;
            try {
                resolved = resolver.resolve(ref.name());
            } catch (FunctionResolutionException e) {
                report(
                        diagnostics,
                        strict,
                        ref.position(),
                        "function '" + ref.name() + "' cannot be used: " + e.getMessage());
                continue;
            }
            if (resolved.isEmpty()) {
                diagnostics.warn(
                        ref.position(),
                        "function '"
                                + ref.name()
                                + "' is not in the job, awaited as a stream function connecting"
                                + " to "
                                + config.listenAddress()
                                + "; looked in: "
                                + resolver.describeSearch(ref.name()));
                awaited.add(ref);
                continue;
            }
            if (resolved.get().observedTags().isEmpty()) {
                diagnostics.warn(
                        ref.position(),
                        "function '"
                                + ref.name()
                                + "' observes no tags and will never receive a record");
            }
            stages.add(new Stage(number, resolved.get(), ref.position()));
        }
        return stages;
    }

    private static void report(
            Diagnostics diagnostics, boolean strict, Position at, String message) {
        if (strict) {
            diagnostics.error(at, message);
        } else {
            diagnostics.warn(at, message);
        }
    }
}
