package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The generations of YoMo's zipper configuration file, told apart by their top-level keys. The
 * bridge accepts all of them; the generation decides which keys may appear together.
 */
@PublicEvolving
public enum ConfigGeneration {
    /** {@code flows}/{@code sinks} with host and port: the zipper dialled each app. */
    V1_0("v1.0-v1.1", "flows/sinks with host and port"),
    /** {@code flows}/{@code sinks} by name: apps dial the zipper, flows then sinks. */
    V1_2("v1.2-v1.3", "flows/sinks"),
    /** The ordered {@code functions} list (pipeline order until v1.7, allow-list after). */
    V1_4("v1.4-v1.12", "functions"),
    /** {@code auth}, {@code functions} and the {@code downstreams} map. */
    V1_13("v1.13-v1.15", "auth/functions/downstreams"),
    /** {@code functions} removed: any stream function name is accepted. */
    V1_16("v1.16-v1.17", "auth/downstreams"),
    /** {@code downstreams} renamed {@code mesh}; {@code bridge} for AI/MCP. */
    V1_18("v1.18+", "auth/mesh");

    private final String versions;
    private final String keys;

    ConfigGeneration(String versions, String keys) {
        this.versions = versions;
        this.keys = keys;
    }

    public String versions() {
        return versions;
    }

    /** True when the file lists its stream functions; later generations accept any name. */
    public boolean listsFunctions() {
        return this != V1_16 && this != V1_18;
    }

    @Override
    public String toString() {
        return "YoMo " + versions + " (" + keys + ")";
    }
}
