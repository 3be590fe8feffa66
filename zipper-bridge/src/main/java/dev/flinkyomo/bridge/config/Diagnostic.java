package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/** One problem found in a configuration file, anchored at a position. */
@PublicEvolving
public record Diagnostic(Severity severity, Position position, String message) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code workflow.yaml:4:7: error: message}, the compiler convention. */
    @Override
    public String toString() {
        return position + ": " + severity.label() + ": " + message;
    }
}
