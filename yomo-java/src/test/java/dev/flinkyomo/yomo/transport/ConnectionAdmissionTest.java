package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections in their TLS handshake and connections awaiting their YoMo handshake share the {@code
 * max-pending-connections} places, one address holds at most {@code max-connections-per-address} of
 * the TLS handshakes, and a new connection is admitted to its TLS handshake only while both allow
 * it.
 */
class ConnectionAdmissionTest {

    private static final InetAddress A = address("127.0.0.2");
    private static final InetAddress B = address("127.0.0.3");

    private final ConnectionAdmission admission =
            new ConnectionAdmission(
                    ListenerOptions.builder()
                            .maxPendingConnections(2)
                            .maxConnectionsPerAddress(0)
                            .build());

    @Test
    void tlsHandshakesInProgressTakePendingPlaces() {
        admission.handshakeStarted(A);
        assertThat(admission.refusesHandshake(B)).isEmpty();
        admission.handshakeStarted(B);
        assertThat(admission.refusesHandshake(B))
                .as("two TLS handshakes running")
                .hasValueSatisfying(
                        r -> assertThat(r.limit()).isEqualTo(Refusal.Limit.PENDING_CONNECTIONS));
        admission.handshakeEnded(A);
        assertThat(admission.refusesHandshake(B)).isEmpty();
    }

    @Test
    void bothStagesCountTogether() {
        admission.handshakeStarted(A);
        assertThat(admission.admitPending(B)).isEmpty();
        assertThat(admission.refusesHandshake(A))
                .as("one in TLS, one awaiting its YoMo handshake")
                .isPresent();
        assertThat(admission.authenticate()).isEmpty();
        assertThat(admission.refusesHandshake(A)).isEmpty();
    }

    /**
     * One host cannot take every pending place with TLS handshakes it never finishes: its
     * handshakes in progress are held to the per-address cap, as its established connections are.
     */
    @Test
    void oneAddressHoldsAtMostItsCapOfTlsHandshakes() {
        ConnectionAdmission capped =
                new ConnectionAdmission(
                        ListenerOptions.builder()
                                .maxPendingConnections(4)
                                .maxConnectionsPerAddress(2)
                                .build());
        capped.handshakeStarted(A);
        capped.handshakeStarted(A);
        assertThat(capped.refusesHandshake(A))
                .hasValueSatisfying(
                        r -> {
                            assertThat(r.limit()).isEqualTo(Refusal.Limit.CONNECTIONS_PER_ADDRESS);
                            assertThat(r.reason())
                                    .isEqualTo(
                                            "too many connections from 127.0.0.2"
                                                    + " (max-connections-per-address 2)");
                        });
        assertThat(capped.refusesHandshake(B)).as("another host still gets in").isEmpty();
        capped.handshakeEnded(A);
        assertThat(capped.refusesHandshake(A)).isEmpty();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
