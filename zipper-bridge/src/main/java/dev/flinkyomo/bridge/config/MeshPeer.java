package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.yomo.Credential;

import java.util.Objects;
import java.util.Optional;

/**
 * Another zipper this one forwards every frame to ({@code downstreams} in v1.13-v1.17, {@code mesh}
 * from v1.18). A zipper skips the entry that carries its own name, so one mesh file can be shared.
 */
@PublicEvolving
public record MeshPeer(
        String name, String host, int port, Optional<Credential> credential, Position position) {

    public MeshPeer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(position, "position");
    }

    public String address() {
        return host + ":" + port;
    }
}
