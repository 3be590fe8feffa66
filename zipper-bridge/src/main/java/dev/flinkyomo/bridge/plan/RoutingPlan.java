package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.bridge.config.Diagnostic;
import dev.flinkyomo.bridge.config.ExtraSink;
import dev.flinkyomo.bridge.config.FunctionRef;
import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.bridge.config.ZipperConfig;

import java.util.List;
import java.util.Objects;

/**
 * The routing of one zipper as YoMo v1.6 defines it: stream functions run in list order; a record
 * written by the sources, or by the function at stage i, goes to every function after it that
 * observes its tag. Every record (from sources and functions) also goes to each mesh peer, like a
 * zipper's {@code dispatchToDownstreams}; extra sinks take function outputs or the tags they name.
 *
 * <p>Stream functions that run as their own processes ({@code yomo run}, YoMo's Go SDK) connect to
 * the listener as to a YoMo zipper and get every record of the tags they observe (yomo v1.18's
 * routing: by tag and target, not by list position); what they write comes back as a source's
 * record. A configured function with no implementation here is such a function, {@link #awaited}.
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
                .filter(s -> s.number() > from && s.function().observes(tag))
                .toList();
    }

    /** Names of what can feed a stage: the sources and every function before it. */
    public List<String> upstreamsOf(Stage stage) {
        List<String> names = new java.util.ArrayList<>();
        names.add("sources");
        stages.stream().filter(s -> s.number() < stage.number()).forEach(s -> names.add(s.name()));
        return names;
    }
}
