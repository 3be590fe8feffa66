package dev.flinkyomo.yomo;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.Objects;
import java.util.Optional;

/**
 * A YoMo credential string {@code "<authName>:<payload>"}, split at the first colon like YoMo's
 * {@code auth.NewCredential}. The payload is kept verbatim: in {@code "token: X"} it is {@code "
 * X"} with the leading space, exactly what a Go zipper would send.
 */
@PublicEvolving
public record Credential(String authName, String payload) {

    public Credential {
        Objects.requireNonNull(authName, "authName");
        Objects.requireNonNull(payload, "payload");
    }

    /** Empty when the text has no colon, which YoMo would not recognise as a credential. */
    public static Optional<Credential> parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new Credential(text.substring(0, colon), text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return authName + ":***";
    }
}
