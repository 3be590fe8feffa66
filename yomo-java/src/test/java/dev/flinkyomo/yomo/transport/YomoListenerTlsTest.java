package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS side of the listener, seen by real QUIC clients. */
class YomoListenerTlsTest {

    /** Long, so that a refusal that only comes with the handshake timeout cannot pass as prompt. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** A client retransmits its Initial after about a second when the server stays silent. */
    private static final long PROMPT_MS = 900;

    private static final int TLS_ALERT_NO_APPLICATION_PROTOCOL = 120;

    private static ListenerHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new ListenerHarness(1_000, b -> b.handshakeTimeout(HANDSHAKE_TIMEOUT));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void generatedCertificateIsEcdsaP256LikeYomos() throws Exception {
        X509Certificate cert;
        try (RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            cert = (X509Certificate) peer.serverCertificates()[0];
        }
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        ECParameterSpec curve = ((ECPublicKey) cert.getPublicKey()).getParams();
        ECParameterSpec p256 = namedCurve("secp256r1");
        assertThat(curve.getCurve()).isEqualTo(p256.getCurve());
        assertThat(curve.getOrder()).isEqualTo(p256.getOrder());
        assertThat(curve.getGenerator()).isEqualTo(p256.getGenerator());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        cert.verify(cert.getPublicKey()); // self-signed
    }

    @Test
    void wrongAlpnGetsTheNoApplicationProtocolAlertAtOnceAndOthersAreStillServed()
            throws Exception {
        int rejected = h.metrics.rejected.get();
        QuicConnectionCloseEvent close;
        long tookMs;
        List<String> warnings;
        try (CapturedLog log = new CapturedLog(ServerConnectionHandler.class)) {
            long t0 = System.nanoTime();
            close = RawQuicPeer.refusal(h.address, "h3", Duration.ofSeconds(5));
            tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            warnings = log.messages();
        }

        assertThat(close.isTlsError())
                .as("a TLS (CRYPTO_ERROR) close, not an application close")
                .isTrue();
        assertThat(close.error()).as("CRYPTO_ERROR 0x100 + alert").isEqualTo(0x178);
        assertThat(QuicConnectionCloseEvent.extractTlsError(close.error()))
                .isEqualTo(TLS_ALERT_NO_APPLICATION_PROTOCOL);
        assertThat(tookMs)
                .as("refused before the client's first retransmission")
                .isLessThan(PROMPT_MS);
        assertThat(h.metrics.rejected.get())
                .as("one refusal, not one per retransmitted Initial")
                .isEqualTo(rejected + 1);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("TLS handshake with /127.0.0.1:")
                .contains("NO_APPLICATION_PROTOCOL")
                .contains("offered ALPN [h3]");

        try (YomoClient good =
                new YomoClient(h.client("after-h3").build(), YomoClientListener.NO_OP)) {
            good.start().get(10, TimeUnit.SECONDS);
            h.assertDelivers(good, "still-served");
        }
    }

    @Test
    void mutualTlsAdmitsAClientWithATrustedCertificateAndRefusesOneWithout() throws Exception {
        SelfSignedCertificate clientCert = new SelfSignedCertificate("flink-client", "EC", 256);
        TlsOptions requireClientCert =
                new TlsOptions(null, null, clientCert.certificate().getPath(), true);
        try (ListenerHarness mtls =
                new ListenerHarness(
                        100, b -> b.tls(requireClientCert).handshakeTimeout(HANDSHAKE_TIMEOUT))) {
            TlsOptions withCert =
                    new TlsOptions(
                            clientCert.certificate().getPath(),
                            clientCert.privateKey().getPath(),
                            null,
                            false);
            try (YomoClient trusted =
                    new YomoClient(
                            mtls.client("trusted").tls(withCert).build(),
                            YomoClientListener.NO_OP)) {
                trusted.start().get(10, TimeUnit.SECONDS);
                trusted.send(
                        new DataFrame(0x21, new byte[0], "mtls".getBytes(StandardCharsets.UTF_8)));
                assertThat(mtls.take(1, Duration.ofSeconds(10))).hasSize(1);
            }

            int rejected = mtls.metrics.rejected.get();
            try (CapturedLog log = new CapturedLog(ServerConnectionHandler.class);
                    YomoClient anonymous =
                            new YomoClient(
                                    mtls.client("anonymous").reconnect(false).build(),
                                    YomoClientListener.NO_OP)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> anonymous.start().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasMessageContaining("TLS alert");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                        .as("refused by TLS, not by the handshake timeout")
                        .isLessThan(PROMPT_MS);
                assertThat(log.messages())
                        .singleElement()
                        .asString()
                        .contains("TLS handshake with /127.0.0.1:")
                        .contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")
                        .doesNotContain("ALPN");
            }
            assertThat(mtls.metrics.rejected.get()).isEqualTo(rejected + 1);
        }
    }

    private static ECParameterSpec namedCurve(String name) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(name));
        return params.getParameterSpec(ECParameterSpec.class);
    }
}
