package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.Optional;

/** The one-byte client type of a handshake; unchanged from yomo v1.5 to v1.22. */
@PublicEvolving
public enum ClientType {
    SOURCE(0x5F),
    UPSTREAM_ZIPPER(0x5E),
    STREAM_FUNCTION(0x5D);

    private final int code;

    ClientType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ClientType> of(int code) {
        for (ClientType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** {@code SOURCE(0x5F)} for known codes, {@code 0xD3} otherwise. */
    public static String describe(int code) {
        return of(code).map(t -> t.name() + "(" + hex(code) + ")").orElse(hex(code));
    }

    static String hex(int b) {
        return String.format("0x%02X", b);
    }
}
