package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated zipper configuration of any YoMo generation, normalised: flows and sinks of v1.0-v1.3
 * become the ordered function list (flows first, as YoMo ran them), {@code downstreams} and {@code
 * mesh} become mesh peers.
 *
 * @param file the file as the user named it (used in messages)
 * @param name the zipper's name
 * @param host the listening host
 * @param port the listening port
 * @param auth token authentication clients must pass, if any
 * @param functions the stream functions in configuration order (empty for v1.16+)
 * @param mesh zippers every frame is forwarded to, including one named like this zipper
 * @param generation the YoMo generation the keys belong to
 * @param flink the {@code flink:} section or its defaults
 */
@PublicEvolving
public record ZipperConfig(
        String file,
        String name,
        String host,
        int port,
        Optional<AuthConfig> auth,
        List<FunctionRef> functions,
        List<MeshPeer> mesh,
        ConfigGeneration generation,
        FlinkSettings flink) {

    public ZipperConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        functions = List.copyOf(functions);
        mesh = List.copyOf(mesh);
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(flink, "flink");
    }

    /** Mesh peers to connect to: every entry except the one carrying this zipper's own name. */
    /**
     * The functions' names in workflow order where the file lists them (yomo v1.0-v1.6 files),
     * which then also orders the stream functions that connect; empty for v1.16+ files, whose
     * functions are routed by tag alone.
     */
    public List<String> workflowOrder() {
        return generation.listsFunctions()
                ? functions.stream().map(FunctionRef::name).toList()
                : List.of();
    }

    public List<MeshPeer> meshTargets() {
        return mesh.stream().filter(p -> !p.name().equals(name)).toList();
    }

    public String listenAddress() {
        return host + ":" + port;
    }

    public ZipperConfig withFlink(FlinkSettings settings) {
        return new ZipperConfig(
                file, name, host, port, auth, functions, mesh, generation, settings);
    }
}
