package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;
import java.util.Objects;

/** A configuration that parsed and validated, with the warnings found on the way. */
@PublicEvolving
public record LoadedConfig(ZipperConfig config, List<Diagnostic> warnings) {

    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }
}
