package dev.flinkyomo.yomo.protocol;

/** Constants of the YoMo wire protocol shared by both generations. */
public final class YomoProtocol {

    /** Handshake version of the final Go protocol (yomo v1.18.0 to v1.22.3). */
    public static final String VERSION = "2024-01-03";

    /** TLS ALPN of every Y3-framed generation since yomo v1.4.0-beta. */
    public static final String ALPN = "yomo";

    /** QUIC application error code YoMo closes connections with (reason string attached). */
    public static final int CLOSE_ERROR_CODE = 0x13;

    /** The 2021 zipper closed unlisted stream functions with this code. */
    public static final int LEGACY_ILLEGAL_SFN_CODE = 0xCC;

    /** YoMo closes a connection that writes a tag in this range (RejectReservedTagMiddleware). */
    public static final long RESERVED_TAG_MIN = 0xF000L;

    public static final long RESERVED_TAG_MAX = 0xFFFFL;

    public static final long MAX_TAG = 0xFFFF_FFFFL;

    /** Reserved metadata keys written by YoMo sources and routers. */
    public static final String META_TID = "yomo-tid";

    public static final String META_SOURCE_ID = "yomo-source-id";
    public static final String META_TARGET = "yomo-target";

    private YomoProtocol() {}

    public static boolean isReservedTag(long tag) {
        return tag >= RESERVED_TAG_MIN && tag <= RESERVED_TAG_MAX;
    }
}
