package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.Optional;

/** The two YoMo wire generations this connector speaks; both use ALPN {@code yomo}. */
@PublicEvolving
public enum ProtocolGeneration {
    /** The final Go protocol: yomo v1.18.10 to v1.22.3, handshake version "2024-01-03". */
    FINAL(0x31, "final protocol (yomo v1.18.10-v1.22.3, version " + YomoProtocol.VERSION + ")"),
    /** The 2021 seed-era protocol of yomo v1.5.x (v1.4.0-beta to v1.5.x framing). */
    LEGACY_2021(0x3D, "2021 protocol (yomo v1.5.x)");

    private final int handshakeKey;
    private final String description;

    ProtocolGeneration(int handshakeKey, String description) {
        this.handshakeKey = handshakeKey;
        this.description = description;
    }

    /** Wire byte of this generation's handshake frame (a Y3 node). */
    public int handshakeTagByte() {
        return 0x80 | handshakeKey;
    }

    public String description() {
        return description;
    }

    public FrameCodec codec() {
        return this == FINAL ? FinalFrameCodec.INSTANCE : LegacyFrameCodec.INSTANCE;
    }

    public static Optional<ProtocolGeneration> byHandshakeTagByte(int tagByte) {
        for (ProtocolGeneration g : values()) {
            if (g.handshakeTagByte() == (tagByte & 0xFF)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
