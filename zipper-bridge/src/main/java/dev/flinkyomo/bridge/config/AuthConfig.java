package dev.flinkyomo.bridge.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/**
 * The zipper's {@code auth} section. YoMo reads only {@code type} and {@code token}, and the only
 * type it implements is {@code token}: clients must present that token to connect.
 */
@PublicEvolving
public record AuthConfig(String type, String token) {

    public static final String TOKEN = "token";

    public AuthConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        // Never print the secret itself.
        return "AuthConfig{type=" + type + ", token=***}";
    }
}
