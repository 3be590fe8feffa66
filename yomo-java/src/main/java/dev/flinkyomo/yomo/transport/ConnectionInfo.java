package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;

/**
 * Who sent a frame: fixed at handshake time, shared by all frames of a connection. Frames a stream
 * function receives come from the zipper and have no client name or id (null).
 */
@PublicEvolving
public record ConnectionInfo(
        String clientName,
        String clientId,
        int clientType,
        ProtocolGeneration generation,
        String remoteAddress) {

    @Override
    public String toString() {
        // the client chose its name and id: quoted and escaped, so they cannot forge log lines
        return LogSafe.quote(clientName)
                + " (id "
                + (clientId == null || clientId.isEmpty() ? "-" : LogSafe.quote(clientId))
                + ", "
                + ClientType.describe(clientType)
                + ", "
                + remoteAddress
                + ")";
    }
}
