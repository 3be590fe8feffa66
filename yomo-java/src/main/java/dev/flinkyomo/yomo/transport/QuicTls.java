package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.YomoProtocol;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;

import java.io.File;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Builds QUIC TLS 1.3 contexts with ALPN {@code yomo} from {@link TlsOptions}. */
final class QuicTls {

    private static final String SELF_SIGNED_KEY_ALGORITHM = "EC";

    /** 256 bits selects the curve secp256r1 (P-256). */
    private static final int SELF_SIGNED_KEY_BITS = 256;

    private static final Map<String, SelfSignedCertificate> SELF_SIGNED = new ConcurrentHashMap<>();

    private QuicTls() {}

    static QuicSslContext server(TlsOptions tls, String host) {
        QuicSslContextBuilder b;
        if (tls.hasCertificate()) {
            b =
                    QuicSslContextBuilder.forServer(
                            readable(tls.keyFile(), "key"),
                            null,
                            readable(tls.certFile(), "certificate"));
        } else {
            SelfSignedCertificate cert = selfSigned(host);
            b = QuicSslContextBuilder.forServer(cert.key(), null, cert.cert());
        }
        if (tls.verifyPeer()) {
            b.trustManager(readable(tls.caFile(), "CA")).clientAuth(ClientAuth.REQUIRE);
        } else if (tls.caFile() != null) {
            b.trustManager(readable(tls.caFile(), "CA")).clientAuth(ClientAuth.OPTIONAL);
        }
        return b.applicationProtocols(YomoProtocol.ALPN).build();
    }

    static QuicSslContext client(TlsOptions tls, String alpn) {
        QuicSslContextBuilder b = QuicSslContextBuilder.forClient();
        if (tls.verifyPeer()) {
            b.trustManager(readable(tls.caFile(), "CA"));
        } else {
            // YoMo clients skip verification unless YOMO_TLS_VERIFY_PEER=true
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (tls.hasCertificate()) {
            b.keyManager(
                    readable(tls.keyFile(), "key"), null, readable(tls.certFile(), "certificate"));
        }
        return b.applicationProtocols(alpn).build();
    }

    /**
     * ECDSA P-256, as YoMo generates. Without BouncyCastle, Netty builds it with the JDK's {@code
     * keytool} (about a second), so one certificate per host name serves every listener of the JVM,
     * as a YoMo zipper process generates one for its lifetime.
     */
    private static SelfSignedCertificate selfSigned(String host) {
        String fqdn =
                host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")
                        ? "localhost"
                        : host;
        return SELF_SIGNED.computeIfAbsent(
                fqdn,
                name -> {
                    try {
                        return new SelfSignedCertificate(
                                name, SELF_SIGNED_KEY_ALGORITHM, SELF_SIGNED_KEY_BITS);
                    } catch (CertificateException e) {
                        throw new IllegalStateException(
                                "cannot generate a self-signed certificate for " + name, e);
                    }
                });
    }

    private static File readable(String path, String what) {
        File f = new File(path);
        if (!f.canRead()) {
            throw new IllegalArgumentException(
                    "TLS " + what + " file " + path + " is not readable");
        }
        return f;
    }
}
