package dev.flinkyomo.bridge.config;

/** How bad a configuration problem is: warnings are reported, errors stop the bridge. */
public enum Severity {
    WARNING,
    ERROR;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
