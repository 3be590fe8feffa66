package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/** A stream function named in the configuration, with where it was named. */
@PublicEvolving
public record FunctionRef(String name, Position position) {

    public FunctionRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
    }
}
