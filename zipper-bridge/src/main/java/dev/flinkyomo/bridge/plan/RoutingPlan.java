package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.bridge.config.Diagnostic;
import dev.flinkyomo.bridge.config.ExtraSink;
import dev.flinkyomo.bridge.config.FunctionRef;
import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.yomo.Routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The routing of one zipper as YoMo v1.6 defines it: stream functions run in list order; a record
 * written by the sources, or by the function at stage i, goes to every function after it that
 * observes its tag. Every record (from sources and functions) also goes to each mesh peer, like a
 * zipper's {@code dispatchToDownstreams}; extra sinks take function outputs or the tags they name.
 *
 * <p>Stream functions that run as their own processes ({@code yomo run}, YoMo's Go SDK) connect to
 * the listener as to a YoMo zipper. Where the file lists the functions (yomo v1.0-v1.6, {@link
 * ZipperConfig#workflowOrder}), a connected function keeps its place in the list like an in-job
 * one: it takes what was written before it and what it writes goes to the functions after it.
 * Otherwise (yomo v1.16+) it gets every record of the tags it observes (by tag and target) and what
 * it writes comes back as a source's record. A configured function with no implementation here is
 * such a function, {@link #awaited}.
 *
 * @param config the validated configuration
 * @param stages the functions in run order, all resolved
 * @param warnings what the planner noticed but does not stop on
 * @param awaited configured functions with no Wasm module or Java class here, expected to connect
 */
@PublicEvolving
public record RoutingPlan(
        ZipperConfig config,
        List<Stage> stages,
        List<Diagnostic> warnings,
        List<FunctionRef> awaited) {

    /** Stage number of records written by YoMo sources (they come before every function). */
    public static final int SOURCES = 0;

    public RoutingPlan {
        Objects.requireNonNull(config, "config");
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
        awaited = List.copyOf(awaited);
    }

    /** A plan whose functions all run in the job. */
    public RoutingPlan(ZipperConfig config, List<Stage> stages, List<Diagnostic> warnings) {
        this(config, stages, warnings, List.of());
    }

    public List<MeshPeer> meshTargets() {
        return config.meshTargets();
    }

    public List<ExtraSink> sinks() {
        return config.flink().sinks();
    }

    /**
     * The functions a record with {@code tag} written at stage {@code from} reaches: {@link
     * #SOURCES} for records from the sources, otherwise the writing function's stage number.
     */
    public List<Stage> receivers(long tag, int from) {
        return stages.stream()
                .filter(s -> Routing.follows(from, s.number()) && s.function().observes(tag))
                .toList();
    }

    /** Whether functions keep their list places, connected ones too: the file lists them. */
    public boolean ordered() {
        return !config.workflowOrder().isEmpty();
    }

    /**
     * The place of an awaited function in the workflow's order, where the file gives one: what it
     * writes is on the bus with that origin.
     */
    public OptionalInt placeOf(FunctionRef awaitedFunction) {
        int i = config.workflowOrder().indexOf(awaitedFunction.name());
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i + 1);
    }

    /**
     * The function at each place, index 0 for place 1: in-job stages and, in an ordered plan,
     * awaited functions ("stage n" where neither is, a function that failed to resolve).
     */
    public List<String> namesByPlace() {
        int last = stages.stream().mapToInt(Stage::number).max().orElse(0);
        if (ordered()) {
            last = Math.max(last, config.workflowOrder().size());
        }
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= last; n++) {
            names.add(ordered() ? config.workflowOrder().get(n - 1) : "stage " + n);
        }
        stages.forEach(s -> names.set(s.number() - 1, s.name()));
        return names;
    }

    /**
     * Names of what can feed a place: the sources and every function before it (connected functions
     * in an ordered plan too).
     */
    public List<String> upstreamsOf(int place) {
        List<String> names = new ArrayList<>();
        names.add("sources");
        if (ordered()) {
            List<String> byPlace = namesByPlace();
            names.addAll(byPlace.subList(0, Math.min(place - 1, byPlace.size())));
        } else {
            stages.stream().filter(s -> s.number() < place).forEach(s -> names.add(s.name()));
        }
        return names;
    }
}
