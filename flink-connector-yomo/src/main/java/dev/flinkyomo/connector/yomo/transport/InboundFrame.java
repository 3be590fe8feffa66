package dev.flinkyomo.connector.yomo.transport;

import java.util.Map;

/**
 * A data frame accepted by a listener: tag, decoded metadata, payload, the sending connection and
 * the receive time (epoch millis, taken once per network read).
 */
public record InboundFrame(
        long tag,
        Map<String, String> metadata,
        byte[] payload,
        ConnectionInfo connection,
        long receivedAtMillis) {}
