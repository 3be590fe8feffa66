package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects every problem of one configuration file, so a user sees all of them in one run rather
 * than fixing them one by one.
 */
@Internal
public final class Diagnostics {

    private final List<Diagnostic> all = new ArrayList<>();

    public void error(Position position, String message) {
        all.add(new Diagnostic(Severity.ERROR, position, message));
    }

    public void warn(Position position, String message) {
        all.add(new Diagnostic(Severity.WARNING, position, message));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> all() {
        return Collections.unmodifiableList(all);
    }

    public List<Diagnostic> warnings() {
        return all.stream().filter(d -> !d.isError()).toList();
    }

    /** Throws when anything was an error, so nothing downstream ever sees a half-valid config. */
    public void throwIfErrors(String what) throws ConfigException {
        if (hasErrors()) {
            throw new ConfigException(what, all);
        }
    }
}
