package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint of a ConnectTo frame: the zipper's choice, so checked before use or logging. */
class ConnectToEndpointTest {

    @Test
    void namesAndAddressesAreAccepted() {
        assertThat(ClientConnector.parseEndpoint("zipper-2.example.com:9000").getHostString())
                .isEqualTo("zipper-2.example.com");
        InetSocketAddress v6 = ClientConnector.parseEndpoint("[::1]:9000");
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.getPort()).isEqualTo(9000);
    }

    @Test
    void aHostWithANewlineOrEscapeIsRefusedAndQuotedInTheMessage() {
        assertThatThrownBy(() -> ClientConnector.parseEndpoint("evil\n12:00 INFO ok\u001b[2J:9000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "expected a host name or IP address before the port, got"
                                + " 'evil\\n12:00 INFO ok\\u001b[2J:9000'");
    }

    @Test
    void aBadPortIsRefused() {
        assertThatThrownBy(() -> ClientConnector.parseEndpoint("zipper:99999"))
                .hasMessage("port out of range in 'zipper:99999'");
        assertThatThrownBy(() -> ClientConnector.parseEndpoint("zipper"))
                .hasMessage("expected host:port, got 'zipper'");
    }
}
