package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/** The peer refused the handshake (RejectedFrame); retrying would not help. */
@PublicEvolving
public class YomoRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public YomoRejectedException(String reason) {
        super("rejected by the YoMo peer: " + reason);
    }
}
