package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.ConnectToFrame;
import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.GoawayFrame;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ConnectTo redirects: followed a bounded number of times in a row, then back to the configured
 * zipper through the backoff; never with the credential to a target nobody verified; with
 * verify-peer, checked against the target's own host name and given the credential. Fake zippers
 * ({@link FakeZipper}) send the ConnectTo frames.
 */
class YomoClientRedirectTest {

    private static final String CREDENTIAL = "token:s3cret";
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(300);

    @TempDir static Path dir;

    private static TestCa ca;

    @BeforeAll
    static void certificates() throws Exception {
        ca = new TestCa(dir, "redirect-ca");
    }

    @Test
    void aRedirectLoopIsCutAfterThreeAndTheClientRedialsTheConfiguredZipper() throws Exception {
        try (FakeZipper home = new FakeZipper();
                FakeZipper loop = new FakeZipper();
                CapturedLog log = new CapturedLog(YomoClient.class)) {
            loop.answering(n -> List.of(new ConnectToFrame(loop.endpoint()))); // A -> A -> A ...
            home.answering(n -> List.of(n == 0 ? new ConnectToFrame(loop.endpoint()) : ack()));
            ClientOptions o = client("looped", "127.0.0.1", home.port()).build();

            try (YomoClient client = new YomoClient(o, YomoClientListener.NO_OP)) {
                client.start().get(15, TimeUnit.SECONDS);
            }

            // home -> loop (1), loop -> loop (2), loop -> loop (3), the 4th is refused
            assertThat(loop.handshakes()).hasSize(3);
            assertThat(home.handshakes()).hasSize(2);
            long backToHomeMs =
                    TimeUnit.NANOSECONDS.toMillis(
                            home.handshakeNanos().get(1) - loop.handshakeNanos().get(2));
            assertThat(backToHomeMs)
                    .as("the redial of the configured zipper waits for the jittered backoff")
                    .isGreaterThanOrEqualTo(INITIAL_BACKOFF.toMillis() / 2);
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .contains("'looped'")
                                            .contains("'" + loop.endpoint() + "'")
                                            .contains("redirect 4 in a row")
                                            .contains("limit max-redirects = 3")
                                            .contains("going back to 127.0.0.1:" + home.port()));
        }
    }

    @Test
    void withoutVerifyPeerTheCredentialIsNotTakenToAnotherEndpoint() throws Exception {
        try (FakeZipper home = new FakeZipper();
                FakeZipper elsewhere = new FakeZipper();
                CapturedLog log = new CapturedLog(YomoClient.class)) {
            home.answering(n -> List.of(n == 0 ? new ConnectToFrame(elsewhere.endpoint()) : ack()));
            ClientOptions o =
                    client("careful", "127.0.0.1", home.port()).credential(CREDENTIAL).build();

            try (YomoClient client = new YomoClient(o, YomoClientListener.NO_OP)) {
                client.start().get(15, TimeUnit.SECONDS);
            }

            assertThat(elsewhere.handshakes()).as("handshakes the redirect target got").isEmpty();
            assertThat(home.handshakes())
                    .hasSize(2)
                    .allSatisfy(h -> assertThat(h.authPayload()).isEqualTo("s3cret"));
            assertThat(log.messages())
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .contains("'" + elsewhere.endpoint() + "'")
                                            .contains("not the configured zipper 127.0.0.1:")
                                            .contains("Turn on verify-peer"));
        }
    }

    @Test
    void withoutVerifyPeerARedirectToTheConfiguredEndpointItselfIsFollowed() throws Exception {
        try (FakeZipper home = new FakeZipper()) {
            home.answering(n -> List.of(n == 0 ? new ConnectToFrame(home.endpoint()) : ack()));
            ClientOptions o =
                    client("same", "127.0.0.1", home.port()).credential(CREDENTIAL).build();

            try (YomoClient client = new YomoClient(o, YomoClientListener.NO_OP)) {
                client.start().get(15, TimeUnit.SECONDS);
            }

            List<Long> at = home.handshakeNanos();
            assertThat(at).hasSize(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(at.get(1) - at.get(0)))
                    .as("followed at once, not after the backoff")
                    .isLessThan(INITIAL_BACKOFF.toMillis() / 2);
        }
    }

    @Test
    void withVerifyPeerTheTargetIsCheckedAgainstItsOwnNameAndGetsTheCredential() throws Exception {
        // the home certificate names only "localhost", the target's only "127.0.0.1": each
        // connection must be checked against the host it dials
        try (FakeZipper home = new FakeZipper(ca.issueServer("home", "localhost"));
                FakeZipper target = new FakeZipper(ca.issueServer("target", "127.0.0.1"))) {
            home.answering(n -> List.of(new ConnectToFrame(target.endpoint())));
            ClientOptions o =
                    client("verified", "localhost", home.port())
                            .credential(CREDENTIAL)
                            .tls(new TlsOptions(null, null, ca.certFile().toString(), true))
                            .build();

            try (YomoClient client = new YomoClient(o, YomoClientListener.NO_OP)) {
                client.start().get(15, TimeUnit.SECONDS);
            }

            assertThat(target.handshakes())
                    .singleElement()
                    .satisfies(
                            h -> {
                                assertThat(h.authName()).isEqualTo("token");
                                assertThat(h.authPayload()).isEqualTo("s3cret");
                            });
        }
    }

    @Test
    void withVerifyPeerATargetWithoutItsNameInTheCertificateGetsNothing() throws Exception {
        try (FakeZipper home = new FakeZipper(ca.issueServer("home", "localhost"));
                FakeZipper impostor =
                        new FakeZipper(ca.issueServer("impostor", "elsewhere.example"))) {
            home.answering(n -> List.of(n == 0 ? new ConnectToFrame(impostor.endpoint()) : ack()));
            ClientOptions o =
                    client("checked", "localhost", home.port())
                            .credential(CREDENTIAL)
                            .tls(new TlsOptions(null, null, ca.certFile().toString(), true))
                            .build();

            try (YomoClient client = new YomoClient(o, YomoClientListener.NO_OP)) {
                client.start().get(15, TimeUnit.SECONDS); // back at home after the refusal
            }

            assertThat(impostor.handshakes()).isEmpty();
            assertThat(home.handshakes()).hasSize(2);
        }
    }

    @Test
    void aConnectionLostAtARedirectTargetIsRedialledAtTheConfiguredZipper() throws Exception {
        try (FakeZipper home = new FakeZipper();
                FakeZipper target = new FakeZipper()) {
            home.answering(n -> List.of(n == 0 ? new ConnectToFrame(target.endpoint()) : ack()));
            // the target acknowledges, then goes away at once
            target.answering(n -> List.of(ack(), new GoawayFrame("draining")));
            ClientOptions o = client("returning", "127.0.0.1", home.port()).build();

            try (YomoClient client = new YomoClient(o, YomoClientListener.NO_OP)) {
                client.start().get(15, TimeUnit.SECONDS);
                awaitTrue(() -> home.handshakes().size() == 2, Duration.ofSeconds(10));
            }

            assertThat(target.handshakes()).hasSize(1);
        }
    }

    private static ClientOptions.Builder client(String name, String host, int port) {
        return ClientOptions.builder(host, port, name, ClientType.SOURCE)
                .tls(TlsOptions.INSECURE_DEFAULT)
                .udpBufferSize(0)
                .handshakeTimeout(Duration.ofSeconds(5))
                .backoff(INITIAL_BACKOFF, Duration.ofSeconds(1));
    }

    private static Frame ack() {
        return HandshakeAckFrame.INSTANCE;
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
