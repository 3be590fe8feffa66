package dev.flinkyomo.bridge.plan;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.bridge.config.Position;

import java.util.Objects;

/**
 * One stream function at its place in the pipeline.
 *
 * @param number 1-based position in run order
 * @param function the resolved implementation
 * @param position where the configuration names it
 */
@PublicEvolving
public record Stage(int number, ResolvedFunction function, Position position) {

    public Stage {
        if (number < 1) {
            throw new IllegalArgumentException("stage numbers start at 1, got " + number);
        }
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(position, "position");
    }

    public String name() {
        return function.name();
    }
}
