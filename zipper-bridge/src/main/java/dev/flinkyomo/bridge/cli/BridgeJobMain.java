package dev.flinkyomo.bridge.cli;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.FunctionRef;
import dev.flinkyomo.bridge.config.LoadedConfig;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.config.ZipperConfigParser;
import dev.flinkyomo.bridge.job.BridgeJobBuilder;
import dev.flinkyomo.bridge.job.FlinkOptions;
import dev.flinkyomo.bridge.job.YomoListenerSource;
import dev.flinkyomo.bridge.job.YomoMeshSinks;
import dev.flinkyomo.bridge.job.state.Resume;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.RoutingPlanner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The job jar's entry point for Flink's own tools (the manifest's {@code program-class}): {@code
 * flink run zipper-bridge-<v>-job.jar --workflow workflow.yaml} against a session cluster, and
 * application mode ({@code --job-classname}, the Kubernetes operator's {@code FlinkDeployment}),
 * where this {@code main} runs in the JobManager. It builds the same job as {@code zipper-bridge
 * run} in the environment Flink hands it ({@link
 * StreamExecutionEnvironment#getExecutionEnvironment()}), with the workflow's {@code flink:}
 * section applied; {@code flink run -D}/{@code -s} and the cluster's configuration do the rest.
 *
 * <p>{@code --workflow} is a path, or {@code classpath:<resource>} for a workflow bundled into the
 * jar (its Wasm modules bundled beside it, {@code <dir>/<functions-dir>/<name>.wasm}); without it
 * the jar's {@code workflow.yaml} is used. Retained checkpoints are not searched: restoring is
 * Flink's ({@code flink run -s}, {@code execution.state-recovery.path}, HA).
 */
@Internal
public final class BridgeJobMain {

    /** The resource used when no {@code --workflow} is given. */
    public static final String BUNDLED_WORKFLOW = "classpath:workflow.yaml";

    private static final String CLASSPATH = "classpath:";

    private BridgeJobMain() {}

    public static void main(String[] args) throws Exception {
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        String workflow = BUNDLED_WORKFLOW;
        for (int i = 0; i < args.length; i++) {
            if (("--workflow".equals(args[i]) || "-w".equals(args[i])) && i + 1 < args.length) {
                workflow = args[++i];
            } else if (args[i].startsWith("--workflow=")) {
                workflow = args[i].substring("--workflow=".length());
            } else {
                throw new IllegalArgumentException(
                        "unknown argument '"
                                + args[i]
                                + "'; usage: --workflow <file.yaml | classpath:resource.yaml>"
                                + " (default "
                                + BUNDLED_WORKFLOW
                                + ")");
            }
        }
        RoutingPlan plan;
        try {
            plan = plan(workflow, err);
        } catch (ConfigException e) {
            ConfigOptions.print(e.diagnostics(), err);
            throw new IllegalArgumentException(
                    "invalid zipper configuration " + workflow + ": " + e.getMessage());
        }
        ZipperConfig config = plan.config();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(jobConfiguration(config), Thread.currentThread().getContextClassLoader());
        new BridgeJobBuilder(plan)
                .build(env, new YomoListenerSource(), new YomoMeshSinks(config.name()));
        env.execute("zipper-bridge " + config.name());
    }

    /** The state directory's checkpointing (no restore: Flink's to decide) and flink.config. */
    static Configuration jobConfiguration(ZipperConfig config) {
        return FlinkOptions.merge(
                new Resume(Optional.empty(), Optional.empty()).configuration(config.flink(), false),
                config.flink().config(),
                Map.of());
    }

    /** Loads the workflow from a path or the class path and resolves its functions. */
    static RoutingPlan plan(String workflow, PrintWriter err) throws ConfigException, IOException {
        LoadedConfig loaded =
                workflow.startsWith(CLASSPATH)
                        ? fromClasspath(workflow.substring(CLASSPATH.length()))
                        : new ZipperConfigParser().parse(Path.of(workflow));
        ConfigOptions.print(loaded.warnings(), err);
        ZipperConfig config = loaded.config();
        RoutingPlan plan = new RoutingPlanner(ConfigOptions.resolverFor(config)).plan(config);
        ConfigOptions.print(plan.warnings(), err);
        return plan;
    }

    /**
     * A bundled workflow: its text from the class path, its relative paths resolved in a fresh
     * directory, into which the Wasm modules of its functions are copied from beside it.
     */
    private static LoadedConfig fromClasspath(String resource) throws ConfigException, IOException {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "no workflow "
                                + CLASSPATH
                                + name
                                + " in the job jar or on the class path; pass --workflow <file>");
            }
            bytes = in.readAllBytes();
        }
        Path base = Files.createTempDirectory("zipper-bridge-workflow");
        LoadedConfig loaded =
                new ZipperConfigParser()
                        .parse(CLASSPATH + name, new String(bytes, StandardCharsets.UTF_8), base);
        ZipperConfig config = loaded.config();
        Path functionsDir = config.flink().functionsDir();
        if (functionsDir.startsWith(base)) {
            String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
            String relative = base.relativize(functionsDir).toString().replace('\\', '/');
            String prefix = dir + (relative.isEmpty() ? "" : relative + "/");
            Files.createDirectories(functionsDir);
            for (String function : functionNames(config)) {
                try (InputStream wasm = loader.getResourceAsStream(prefix + function + ".wasm")) {
                    if (wasm != null) {
                        Files.copy(wasm, functionsDir.resolve(function + ".wasm"));
                    }
                }
            }
        }
        return loaded;
    }

    private static List<String> functionNames(ZipperConfig config) {
        List<String> names = new ArrayList<>();
        Stream.concat(config.functions().stream(), config.flink().functions().stream())
                .map(FunctionRef::name)
                .filter(n -> n.matches("[A-Za-z0-9._-]+"))
                .forEach(names::add);
        return names;
    }
}
