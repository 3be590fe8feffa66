package dev.flinkyomo.examples.common;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.Diagnostic;
import dev.flinkyomo.bridge.config.ExtraSink;
import dev.flinkyomo.bridge.config.LoadedConfig;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.config.ZipperConfigParser;
import dev.flinkyomo.bridge.job.BridgeJobBuilder;
import dev.flinkyomo.bridge.job.YomoListenerSource;
import dev.flinkyomo.bridge.job.YomoMeshSinks;
import dev.flinkyomo.bridge.job.YomoWasmTagReader;
import dev.flinkyomo.bridge.plan.CompositeFunctionResolver;
import dev.flinkyomo.bridge.plan.JavaFunctionResolver;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.RoutingPlanner;
import dev.flinkyomo.bridge.plan.WasmFunctionResolver;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A YoMo workflow file as a Flink job, with the zipper-bridge's own pieces: its parser and routing
 * planner, its job builder (routing bus of Wasm/Java functions, print and file sinks, mesh peers),
 * its YoMo listener source and mesh sinks: the job {@code zipper-bridge run} runs.
 */
public final class WorkflowJob {

    private final RoutingPlan plan;

    private WorkflowJob(RoutingPlan plan) {
        this.plan = plan;
    }

    /**
     * Parses, validates and plans {@code workflow}; warnings go to {@code out}.
     *
     * @param port the listening port instead of the file's (0: ephemeral), or null
     */
    public static WorkflowJob load(Path workflow, Integer port, PrintWriter out)
            throws ConfigException {
        LoadedConfig loaded = new ZipperConfigParser().parse(workflow);
        print(loaded.warnings(), out);
        ZipperConfig c = loaded.config();
        if (port != null) {
            c =
                    new ZipperConfig(
                            c.file(),
                            c.name(),
                            c.host(),
                            port,
                            c.auth(),
                            c.functions(),
                            c.mesh(),
                            c.generation(),
                            c.flink());
        }
        CompositeFunctionResolver resolver =
                new CompositeFunctionResolver(
                        List.of(
                                new WasmFunctionResolver(
                                        c.flink().functionsDir(), new YomoWasmTagReader()),
                                new JavaFunctionResolver(
                                        Thread.currentThread().getContextClassLoader())));
        RoutingPlan plan = new RoutingPlanner(resolver).plan(c);
        print(plan.warnings(), out);
        return new WorkflowJob(plan);
    }

    public RoutingPlan plan() {
        return plan;
    }

    public ZipperConfig config() {
        return plan.config();
    }

    /** The first file sink of the {@code flink:} section, if any. */
    public Optional<Path> resultFile() {
        return plan.sinks().stream()
                .filter(s -> s.kind() == ExtraSink.Kind.FILE)
                .findFirst()
                .flatMap(ExtraSink::path);
    }

    /** The name the zipper's listener registers its bound address under. */
    public String listenerName() {
        return YomoListenerSource.listenerName(config());
    }

    /** Builds the job into {@code env} exactly as {@code zipper-bridge run} does. */
    public void build(StreamExecutionEnvironment env) {
        new BridgeJobBuilder(plan)
                .build(env, new YomoListenerSource(), new YomoMeshSinks(config().name()));
    }

    private static void print(List<Diagnostic> diagnostics, PrintWriter out) {
        diagnostics.forEach(out::println);
        out.flush();
    }
}
