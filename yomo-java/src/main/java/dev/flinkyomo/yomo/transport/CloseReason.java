package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

/** Why a connection ended: the QUIC application error code and reason the peer sent, if any. */
@PublicEvolving
public record CloseReason(int code, String reason) {

    @Override
    public String toString() {
        return String.format("code 0x%X: %s", code, reason.isEmpty() ? "(no reason)" : reason);
    }
}
