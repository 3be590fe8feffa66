package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/** A place in a configuration file: the file as the user named it, 1-based line and column. */
@PublicEvolving
public record Position(String file, int line, int column) {

    public Position {
        Objects.requireNonNull(file, "file");
    }

    /** The whole file, for problems that have no better anchor (unreadable, wrong extension). */
    public static Position ofFile(String file) {
        return new Position(file, 0, 0);
    }

    /** {@code file:line:column}, the form editors and terminals turn into links. */
    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
