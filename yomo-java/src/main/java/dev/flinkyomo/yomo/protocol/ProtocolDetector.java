package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.Internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * Tells the generations apart by the first frame of a session, which is always the client's
 * handshake: {@code B1} in the final protocol, {@code BD} in the 2021 protocol. Both share the
 * DataFrame tag {@code BF}, so the handshake is the only place to decide.
 */
@Internal
public final class ProtocolDetector {

    private final Set<ProtocolGeneration> accepted;

    public ProtocolDetector(Set<ProtocolGeneration> accepted) {
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol generation must be accepted");
        }
        this.accepted = EnumSet.copyOf(accepted);
    }

    public static ProtocolDetector acceptingAll() {
        return new ProtocolDetector(EnumSet.allOf(ProtocolGeneration.class));
    }

    public Set<ProtocolGeneration> accepted() {
        return EnumSet.copyOf(accepted);
    }

    /**
     * @param firstByte the first byte of the first packet on the stream
     * @throws YomoProtocolException if it is no handshake, or one of a generation not accepted
     */
    public ProtocolGeneration detect(int firstByte) {
        ProtocolGeneration g =
                ProtocolGeneration.byHandshakeTagByte(firstByte)
                        .orElseThrow(
                                () ->
                                        new YomoProtocolException(
                                                "first frame",
                                                0,
                                                "expected a handshake (0xB1 final protocol or 0xBD"
                                                        + " 2021 protocol), got frame byte "
                                                        + ClientType.hex(firstByte & 0xFF)));
        if (!accepted.contains(g)) {
            throw new YomoProtocolException(
                    "first frame",
                    0,
                    "the "
                            + g.description()
                            + " is disabled on this listener (accepted: "
                            + accepted
                            + ")");
        }
        return g;
    }
}
