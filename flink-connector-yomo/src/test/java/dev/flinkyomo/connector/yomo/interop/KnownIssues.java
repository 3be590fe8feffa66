package dev.flinkyomo.connector.yomo.interop;

/** Interop failures found by these tests and not yet fixed; each names its evidence. */
final class KnownIssues {

    /**
     * Both the Java listener and the Java client drop a quic-go peer about 2.5 s after connecting:
     * transport.QuicKeepAlive writes a DATAGRAM frame although quic-go (like yomo) did not
     * negotiate DATAGRAM, and the connection is then closed with transport NO_ERROR. With
     * QuicKeepAlive.start removed from ServerConnectionHandler the listener test passes.
     */
    static final String KEEPALIVE_DROPS_QUIC_GO =
            "Java transport drops quic-go peers after its first keep-alive tick (~2.5 s): QuicKeepAlive "
                    + "sends a DATAGRAM the peer did not negotiate; enable once QuicKeepAlive is fixed";

    private KnownIssues() {}
}
