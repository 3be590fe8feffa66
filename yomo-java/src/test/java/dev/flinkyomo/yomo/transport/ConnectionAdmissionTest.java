package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections in their TLS handshake and connections awaiting their YoMo handshake share the {@code
 * max-pending-connections} places, and a new connection is admitted to its TLS handshake only while
 * one is free.
 */
class ConnectionAdmissionTest {

    private final ConnectionAdmission admission =
            new ConnectionAdmission(
                    ListenerOptions.builder()
                            .maxPendingConnections(2)
                            .maxConnectionsPerAddress(0)
                            .build());

    @Test
    void tlsHandshakesInProgressTakePendingPlaces() {
        admission.handshakeStarted();
        assertThat(admission.admitsHandshake()).isTrue();
        admission.handshakeStarted();
        assertThat(admission.admitsHandshake()).as("two TLS handshakes running").isFalse();
        admission.handshakeEnded();
        assertThat(admission.admitsHandshake()).isTrue();
    }

    @Test
    void bothStagesCountTogether() {
        InetAddress a = InetAddress.getLoopbackAddress();
        admission.handshakeStarted();
        assertThat(admission.admitPending(a)).isEmpty();
        assertThat(admission.admitsHandshake())
                .as("one in TLS, one awaiting its YoMo handshake")
                .isFalse();
        assertThat(admission.authenticate()).isEmpty();
        assertThat(admission.admitsHandshake()).isTrue();
    }
}
