package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * STRICT refuses to start with each of YoMo's insecure defaults, naming it; DEFAULT starts and says
 * so in one WARN.
 */
class YomoListenerSecurityProfileTest {

    @TempDir static Path dir;
    private static TlsOptions certified;

    @BeforeAll
    static void issueCertificate() throws Exception {
        Path[] server = new TestCa(dir, "ca").issueServer("listener", "localhost", "127.0.0.1");
        certified = new TlsOptions(server[0].toString(), server[1].toString(), null, false);
    }

    /** Token, real certificate, final protocol only: nothing to refuse or warn about. */
    private static ListenerOptions.Builder secure() {
        return ListenerOptions.builder()
                .name("secure-listener")
                .host("127.0.0.1")
                .port(0)
                .authToken("secret")
                .tls(certified)
                .generations(EnumSet.of(ProtocolGeneration.FINAL));
    }

    @Test
    void strictRefusesWithoutToken() {
        assertStrictRefuses(b -> b.authToken(null), "no auth token");
    }

    @Test
    void strictRefusesSelfSignedCertificate() {
        assertStrictRefuses(b -> b.tls(TlsOptions.INSECURE_DEFAULT), "a self-signed certificate");
    }

    @Test
    void strictRefusesThe2021Protocol() {
        assertStrictRefuses(
                b -> b.generations(EnumSet.allOf(ProtocolGeneration.class)),
                "the 2021 protocol is accepted");
    }

    @Test
    void strictNamesEveryWeaknessAtOnce() {
        ListenerOptions o =
                ListenerOptions.builder()
                        .name("open-listener")
                        .host("127.0.0.1")
                        .port(0)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .securityProfile(SecurityProfile.STRICT)
                        .build();
        assertThatThrownBy(() -> start(o))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("open-listener: security profile STRICT refuses")
                .hasMessageContaining("no auth token")
                .hasMessageContaining("self-signed")
                .hasMessageContaining("2021 protocol");
    }

    @Test
    void strictStartsWhenNothingIsWeak() throws Exception {
        try (CapturedLog log = new CapturedLog(SecurityPosture.class)) {
            start(secure().securityProfile(SecurityProfile.STRICT).build());
            assertThat(log.messages()).isEmpty();
        }
    }

    @Test
    void defaultStartsAndWarnsOnceNamingEachWeakness() throws Exception {
        try (CapturedLog log = new CapturedLog(SecurityPosture.class);
                ListenerHarness h = new ListenerHarness(100, b -> b)) {
            try (YomoClient c = new YomoClient(h.client("c").build(), YomoClientListener.NO_OP)) {
                c.start().get(10, TimeUnit.SECONDS);
                h.assertDelivers(c, "still works");
            }
            assertThat(log.messages())
                    .singleElement()
                    .satisfies(
                            m ->
                                    assertThat(m)
                                            .startsWith(
                                                    "test-listener: listening with no auth token")
                                            .contains("a self-signed certificate")
                                            .contains("YOMO_TLS_CERT_FILE")
                                            .contains("the 2021 protocol is accepted")
                                            .contains("ProtocolGeneration.FINAL"));
        }
    }

    private static void assertStrictRefuses(
            UnaryOperator<ListenerOptions.Builder> weaken, String named) {
        ListenerOptions o = weaken.apply(secure().securityProfile(SecurityProfile.STRICT)).build();
        assertThatThrownBy(() -> start(o))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("secure-listener: security profile STRICT refuses")
                .hasMessageContaining(named)
                // the other two are fixed, so it names this one only (weaknesses join with "; ")
                .hasMessageNotContaining("; ");
    }

    private static void start(ListenerOptions o) throws InterruptedException {
        try (YomoListener l =
                new YomoListener(o, new BoundedFrameQueue<>(10), ListenerMetrics.NO_OP)) {
            l.start();
        }
    }
}
