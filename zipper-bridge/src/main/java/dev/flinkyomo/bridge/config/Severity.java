package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

/** How bad a configuration problem is: warnings are reported, errors stop the bridge. */
@PublicEvolving
public enum Severity {
    WARNING,
    ERROR;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
