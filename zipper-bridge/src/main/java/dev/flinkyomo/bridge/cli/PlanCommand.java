package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.RoutingTableRenderer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code zipper-bridge plan FILE}: the routing table and the Flink job graph, without running. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Prints the routing table and the Flink job graph the configuration runs as, without running it.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

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
        out.print(RoutingTableRenderer.render(plan));
        out.flush();
        return ExitCodes.OK;
    }
}
