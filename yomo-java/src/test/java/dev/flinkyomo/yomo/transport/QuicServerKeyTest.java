package dev.flinkyomo.yomo.transport;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener's EC key goes to Netty with its public key inside its PKCS#8 encoding, which
 * BoringSSL parses in every handshake (see {@link QuicServerKey}); a key of another certificate is
 * left as it is. That the re-encoded key still signs handshakes is shown by every listener test (a
 * TLS 1.3 client checks the server's CertificateVerify signature against the certificate even when
 * it does not check the chain); with a certificate file and verify-peer by {@code
 * YomoClientTlsVerifyTest}, and with the self-signed default by {@code
 * selfSignedDefaultHandshakeIsVerifiedAgainstItsCertificate} below.
 */
class QuicServerKeyTest {

    @Test
    void jdkKeyIsReencodedWithItsPublicKey() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost", "EC", 256);
        PrivateKey original = cert.key();
        PrivateKey key = QuicServerKey.withPublicKey(original, cert.cert());

        assertThat(original.getEncoded()).as("the JDK's encoding: no public key").hasSize(67);
        assertThat(key.getEncoded()).as("with the 65-byte point").hasSize(138);
        byte[] point = ((ECPublicKey) cert.cert().getPublicKey()).getEncoded();
        byte[] uncompressed = Arrays.copyOfRange(point, point.length - 65, point.length);
        assertThat(indexOf(key.getEncoded(), uncompressed)).isPositive();
        assertThat(((ECPrivateKey) key).getS()).isEqualTo(((ECPrivateKey) original).getS());
        assertThat(QuicServerKey.withPublicKey(key, cert.cert()))
                .as("already there: unchanged")
                .isSameAs(key);
    }

    /** The certificate-file route: a PKCS#8 key file as the JDK (and TestCa) writes it. */
    @Test
    void pkcs8KeyFileIsReadAndReencoded(@TempDir Path dir) throws Exception {
        Path[] certAndKey = new TestCa(dir, "key-ca").issueServer("zipper", "localhost");
        PrivateKey read = QuicServerKey.readPkcs8Ec(certAndKey[1].toFile());
        assertThat(read).isInstanceOf(ECPrivateKey.class);
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certAndKey[0])) {
            cert =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(QuicServerKey.withPublicKey(read, cert).getEncoded()).hasSize(138);
        assertThat(QuicServerKey.readPkcs8Ec(certAndKey[0].toFile()))
                .as("not a key file: left to Netty")
                .isNull();
    }

    @Test
    void keyOfAnotherCertificateIsLeftAsItIs() throws Exception {
        SelfSignedCertificate mine = new SelfSignedCertificate("localhost", "EC", 256);
        SelfSignedCertificate other = new SelfSignedCertificate("localhost", "EC", 256);
        assertThat(QuicServerKey.withPublicKey(mine.key(), other.cert())).isSameAs(mine.key());
    }

    @Test
    void selfSignedDefaultHandshakeIsVerifiedAgainstItsCertificate() throws Exception {
        try (ListenerHarness h = new ListenerHarness(100, b -> b);
                RawQuicPeer peer = RawQuicPeer.connect(h.address, "yomo")) {
            X509Certificate cert = (X509Certificate) peer.serverCertificates()[0];
            cert.verify(cert.getPublicKey());
            assertThat(peer.isOpen()).isTrue();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
