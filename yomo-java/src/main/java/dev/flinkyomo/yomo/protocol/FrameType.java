package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Frame types of the final Go protocol (yomo v1.18.10 to v1.22.3). The type is the Y3 key of the
 * frame's outer node, so the first byte on the wire is {@code 0x80 | code}.
 */
@PublicEvolving
public enum FrameType {
    HANDSHAKE(0x31, "HandshakeFrame"),
    HANDSHAKE_ACK(0x29, "HandshakeAckFrame"),
    REJECTED(0x39, "RejectedFrame"),
    GOAWAY(0x2E, "GoawayFrame"),
    CONNECT_TO(0x3E, "ConnectToFrame"),
    /** The acknowledgement extension (yomo-java/ACKS.md); no YoMo version uses this type. */
    ACK(0x2B, "AckFrame"),
    DATA(0x3F, "DataFrame");

    private final int code;
    private final String frameName;

    FrameType(int code, String frameName) {
        this.code = code;
        this.frameName = frameName;
    }

    public int code() {
        return code;
    }

    /** The Go type name, used in error messages. */
    public String frameName() {
        return frameName;
    }

    /** By code; Y3 keys are 6 bits. A table, because this runs for every frame received. */
    private static final FrameType[] BY_CODE = new FrameType[64];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    /** The type with this code, or null. */
    public static FrameType byCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
