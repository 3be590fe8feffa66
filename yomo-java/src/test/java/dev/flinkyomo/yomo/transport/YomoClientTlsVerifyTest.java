package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client with {@code verifyPeer} against listeners with CA-signed certificates: it must accept
 * the certificate whose SAN names the host it dialled and refuse one for another host or from
 * another CA. Certificates are made per run, so nothing here can expire.
 */
class YomoClientTlsVerifyTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    @TempDir static Path dir;

    private static TestCa ca;
    private static TestCa stranger;

    @BeforeAll
    static void certificates() throws Exception {
        ca = new TestCa(dir, "test-ca");
        stranger = new TestCa(dir, "stranger-ca");
    }

    @Test
    void certificateWithTheDialledHostInItsSanIsAcceptedAndAFrameArrives() throws Exception {
        Path[] right = ca.issueServer("zipper", "localhost", "127.0.0.1");
        try (ListenerHarness zipper = listener(right)) {
            try (YomoClient client = new YomoClient(verifying(zipper, "right-san"), noOp())) {
                client.start().get(10, TimeUnit.SECONDS);
                zipper.assertDelivers(client, "verified");
            }
        }
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        Path[] wrong = ca.issueServer("elsewhere", "elsewhere.example");
        try (ListenerHarness zipper = listener(wrong);
                YomoClient client = new YomoClient(verifying(zipper, "wrong-san"), noOp())) {
            assertThatThrownBy(() -> client.start().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("TLS certificate was refused")
                    .hasMessageContaining("name the host 'localhost'")
                    .hasMessageContaining("No subject alternative DNS name matching localhost");
            assertThat(client.state()).isEqualTo(YomoClient.State.CLOSED);
            assertThat(zipper.take(1, Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void certificateFromAnUnknownCaIsRefused() throws Exception {
        Path[] foreign = stranger.issueServer("zipper", "localhost", "127.0.0.1");
        try (ListenerHarness zipper = listener(foreign);
                YomoClient client = new YomoClient(verifying(zipper, "unknown-ca"), noOp())) {
            assertThatThrownBy(() -> client.start().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("TLS certificate was refused")
                    .hasMessageContaining(ca.certFile().toString())
                    .hasMessageContaining("PKIX path building failed");
        }
    }

    @Test
    void withoutVerificationAnyCertificateIsTrustedAndTheClientSaysSoOnce() throws Exception {
        Path[] wrong = ca.issueServer("elsewhere", "elsewhere.example");
        List<String> warnings;
        try (ListenerHarness zipper = listener(wrong);
                CapturedLog log = new CapturedLog(YomoClient.class)) {
            ClientOptions o =
                    base(zipper, "trusting")
                            .tls(new TlsOptions(null, null, null, false))
                            .reconnect(true)
                            .build();
            try (YomoClient client = new YomoClient(o, noOp())) {
                client.start().get(10, TimeUnit.SECONDS);
                zipper.assertDelivers(client, "unverified");
            }
            warnings = log.messages().stream().filter(m -> m.contains("not verified")).toList();
        }
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("'trusting'")
                .contains("whoever answers");
    }

    private static ListenerHarness listener(Path[] certAndKey) throws InterruptedException {
        TlsOptions server =
                new TlsOptions(certAndKey[0].toString(), certAndKey[1].toString(), null, false);
        return new ListenerHarness(100, b -> b.tls(server).handshakeTimeout(HANDSHAKE_TIMEOUT));
    }

    /** Dials by name: the certificate must name "localhost", as a user's would name the zipper. */
    private static ClientOptions.Builder base(ListenerHarness zipper, String name) {
        return ClientOptions.builder("localhost", zipper.address.getPort(), name, ClientType.SOURCE)
                .udpBufferSize(0)
                .reconnect(false)
                .handshakeTimeout(HANDSHAKE_TIMEOUT);
    }

    private static ClientOptions verifying(ListenerHarness zipper, String name) {
        return base(zipper, name)
                .tls(new TlsOptions(null, null, ca.certFile().toString(), true))
                .build();
    }

    private static YomoClientListener noOp() {
        return YomoClientListener.NO_OP;
    }
}
