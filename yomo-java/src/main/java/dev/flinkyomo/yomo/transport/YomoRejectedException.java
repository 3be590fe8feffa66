package dev.flinkyomo.yomo.transport;

/** The peer refused the handshake (RejectedFrame); retrying would not help. */
public class YomoRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public YomoRejectedException(String reason) {
        super("rejected by the YoMo peer: " + reason);
    }
}
