package dev.flinkyomo.yomo.transport;

/**
 * Why a listener turned a connection away before admitting it, and the counter it goes to.
 *
 * @param limit the limit that refused it
 * @param reason the close reason sent to the client, naming the limit and its value
 */
record Refusal(Limit limit, String reason) {

    /** The admission limits of a listener (see {@link ListenerOptions}). */
    enum Limit {
        PENDING_CONNECTIONS,
        CONNECTIONS_PER_ADDRESS,
        CONNECTIONS,
        HANDSHAKE_SIZE,
        HANDSHAKE_TIMEOUT;

        void count(ListenerMetrics metrics) {
            switch (this) {
                case PENDING_CONNECTIONS -> metrics.pendingConnectionRefused();
                case CONNECTIONS_PER_ADDRESS -> metrics.addressConnectionRefused();
                case CONNECTIONS -> metrics.connectionRefused();
                case HANDSHAKE_SIZE -> metrics.handshakeTooLarge();
                case HANDSHAKE_TIMEOUT -> metrics.handshakeTimedOut();
            }
        }
    }
}
