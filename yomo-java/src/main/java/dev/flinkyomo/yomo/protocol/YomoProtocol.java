package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Constants of the YoMo wire protocol shared by both generations. Tags and metadata keys have their
 * own homes: {@link dev.flinkyomo.yomo.Tag} and {@link dev.flinkyomo.yomo.MetadataKeys}.
 */
@PublicEvolving
public final class YomoProtocol {

    /** Handshake version of the final Go protocol (yomo v1.18.0 to v1.22.3). */
    public static final String VERSION = "2024-01-03";

    /** TLS ALPN of every Y3-framed generation since yomo v1.4.0-beta. */
    public static final String ALPN = "yomo";

    /** QUIC application error code YoMo closes connections with (reason string attached). */
    public static final int CLOSE_ERROR_CODE = 0x13;

    /**
     * The application error a yomo v1.5 zipper closed a stream function with when its name was not
     * in the workflow (yomo@v1.5.3 internal/core/server.go, "illegal sfn"); its SDK exits with it.
     */
    public static final int LEGACY_ILLEGAL_FUNCTION_CLOSE_CODE = 0xCC;

    /** The 2021 zipper closed unlisted stream functions with this code. */
    public static final int LEGACY_ILLEGAL_SFN_CODE = 0xCC;

    private YomoProtocol() {}
}
