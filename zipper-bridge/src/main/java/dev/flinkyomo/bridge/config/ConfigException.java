package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found (warnings included). */
@PublicEvolving
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public ConfigException(String what, List<Diagnostic> diagnostics) {
        super(format(what, diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    private static String format(String what, List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        return what
                + " ("
                + errors
                + (errors == 1 ? " error" : " errors")
                + "):\n"
                + diagnostics.stream().map(d -> "  " + d).collect(Collectors.joining("\n"));
    }
}
