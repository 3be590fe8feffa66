package dev.flinkyomo.bridge.testutil;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.ZipperConfigParser;
import dev.flinkyomo.bridge.plan.JavaFunctionResolver;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.RoutingPlanner;

import java.nio.file.Path;

/** Routing plans of inline configurations, with the test Java functions on the class path. */
public final class TestPlans {

    private TestPlans() {}

    public static RoutingPlan plan(String yaml) throws ConfigException {
        return new RoutingPlanner(new JavaFunctionResolver(TestPlans.class.getClassLoader()))
                .plan(new ZipperConfigParser().parse("w.yaml", yaml, Path.of("/tmp")).config());
    }
}
