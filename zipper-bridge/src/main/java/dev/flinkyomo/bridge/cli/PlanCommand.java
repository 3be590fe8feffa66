package dev.flinkyomo.bridge.cli;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.job.BridgeJobBuilder;
import dev.flinkyomo.bridge.job.JobGraphRenderer;
import dev.flinkyomo.bridge.job.YomoListenerSource;
import dev.flinkyomo.bridge.job.YomoMeshSinks;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.RoutingTableRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code zipper-bridge plan FILE}: the routing table and the Flink job graph, without running. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description =
                "Prints the routing table and the Flink job graph the configuration runs as, without running it.")
final class PlanCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RoutingPlan plan;
        try {
            plan = options.plan(err);
        } catch (ConfigException e) {
            ConfigOptions.print(e.diagnostics(), err);
            return ExitCodes.INVALID_CONFIG;
        }
        // Only builds the graph: nothing binds or connects until a job is executed.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new BridgeJobBuilder(plan)
                .build(env, new YomoListenerSource(), new YomoMeshSinks(plan.config().name()));
        out.print(RoutingTableRenderer.render(plan));
        out.println();
        out.print(JobGraphRenderer.render(env));
        out.flush();
        return ExitCodes.OK;
    }
}
