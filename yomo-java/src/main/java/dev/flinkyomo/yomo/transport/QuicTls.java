package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Builds QUIC TLS 1.3 contexts with ALPN {@code yomo} from {@link TlsOptions}. */
final class QuicTls {

    private static final String SELF_SIGNED_KEY_ALGORITHM = "EC";

    /** 256 bits selects the curve secp256r1 (P-256). */
    private static final int SELF_SIGNED_KEY_BITS = 256;

    /** Logs as YomoClient, the name users know the client by. */
    private static final Logger LOG = LoggerFactory.getLogger(YomoClient.class);

    /**
     * The address a client connection dials, set on its bootstrap: the engine is built from it, so
     * a redirected connection is verified against the host of the redirect.
     */
    static final AttributeKey<InetSocketAddress> PEER = AttributeKey.valueOf("yomo.tls.peer");

    private static final Map<String, SelfSignedCertificate> SELF_SIGNED = new ConcurrentHashMap<>();

    /**
     * The listener's TLS session cache: one session, in effect none. QUIC is TLS 1.3 only, where a
     * client resumes with a session ticket that carries its own state (encrypted under the
     * context's ticket key), so the server-side cache is never read; BoringSSL would still keep
     * every established session in it (up to Netty's defaults of 20,480 sessions, each for 300 s),
     * in native memory the JVM does not see, and after a reconnect storm the dead connections'
     * sessions too. Issue 17 measured 39-52 KiB of untracked native memory per connection with this
     * and 48-52 KiB without, at 2,000 devices: about 5 KiB less on average, within the runs'
     * spread.
     */
    static final long SERVER_SESSION_CACHE_SIZE = 1;

    private QuicTls() {}

    static QuicSslContext server(TlsOptions tls, String host) {
        QuicSslContextBuilder b;
        if (tls.hasCertificate()) {
            b =
                    serverFromFiles(
                            readable(tls.keyFile(), "key"),
                            readable(tls.certFile(), "certificate"));
        } else {
            SelfSignedCertificate cert = selfSigned(host);
            b =
                    QuicSslContextBuilder.forServer(
                            QuicServerKey.withPublicKey(cert.key(), cert.cert()),
                            null,
                            cert.cert());
        }
        if (tls.verifyPeer()) {
            b.trustManager(readable(tls.caFile(), "CA")).clientAuth(ClientAuth.REQUIRE);
        } else if (tls.caFile() != null) {
            b.trustManager(readable(tls.caFile(), "CA")).clientAuth(ClientAuth.OPTIONAL);
        }
        return b.sessionCacheSize(SERVER_SESSION_CACHE_SIZE)
                .applicationProtocols(YomoProtocol.ALPN)
                .build();
    }

    /**
     * The key and chain of a certificate file pair; an unencrypted PKCS#8 EC key is re-encoded with
     * its public key ({@link QuicServerKey}), any other key goes to Netty as a file, as before.
     */
    private static QuicSslContextBuilder serverFromFiles(File keyFile, File certFile) {
        PrivateKey key = QuicServerKey.readPkcs8Ec(keyFile);
        if (key != null) {
            try {
                X509Certificate[] chain =
                        certificates(certFile).stream()
                                .map(X509Certificate.class::cast)
                                .toArray(X509Certificate[]::new);
                if (chain.length > 0) {
                    return QuicSslContextBuilder.forServer(
                            QuicServerKey.withPublicKey(key, chain[0]), null, chain);
                }
            } catch (IOException | GeneralSecurityException e) {
                // Netty reads the files below and reports what is wrong with them
            }
        }
        return QuicSslContextBuilder.forServer(keyFile, null, certFile);
    }

    /**
     * The TLS side of one client: a context, and engines made per connection with the host and port
     * that connection dials (see {@link #PEER}).
     */
    static ClientTls client(TlsOptions tls, String alpn, String clientName) {
        QuicSslContextBuilder b = QuicSslContextBuilder.forClient();
        RecordingTrustManager trust = null;
        if (tls.verifyPeer()) {
            trust = new RecordingTrustManager(caTrustManager(readable(tls.caFile(), "CA")));
            // explicit, not Netty's default (a system property can turn that off): the JDK trust
            // manager then matches the dialled host against the certificate's SAN
            b.trustManager(trust).endpointIdentificationAlgorithm("HTTPS");
        } else {
            // YoMo clients skip verification unless YOMO_TLS_VERIFY_PEER=true
            LOG.warn(
                    "YoMo client {}: the zipper's TLS certificate is not verified (verify-peer is"
                            + " off), so its credential goes to whoever answers at the address;"
                            + " set verify-peer with a CA file to check the zipper",
                    LogSafe.quote(clientName));
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (tls.hasCertificate()) {
            b.keyManager(
                    readable(tls.keyFile(), "key"), null, readable(tls.certFile(), "certificate"));
        }
        return new ClientTls(b.applicationProtocols(alpn).build(), tls, trust);
    }

    /** Engines per connection, and what to tell the user when the server's certificate failed. */
    static final class ClientTls {

        private final QuicSslContext context;
        private final TlsOptions options;
        private final RecordingTrustManager trust;

        private ClientTls(QuicSslContext context, TlsOptions options, RecordingTrustManager trust) {
            this.context = context;
            this.options = options;
            this.trust = trust;
        }

        /** Whether the server's certificate is checked against the CA and the dialled host. */
        boolean verifiesPeer() {
            return trust != null;
        }

        /**
         * For {@code QuicClientCodecBuilder.sslEngineProvider}. Host and port go into the engine:
         * the host is sent as SNI (when it is a dotted name, as Netty decides) and checked against
         * the certificate. An engine without them has no host to check, so verification would fail
         * every certificate.
         */
        QuicSslEngine newEngine(QuicChannel ch) {
            InetSocketAddress peer = ch.attr(PEER).get();
            if (peer == null) {
                throw new IllegalStateException(
                        "QUIC connection without its peer address (attribute "
                                + PEER
                                + "): cannot build the TLS engine");
            }
            return context.newEngine(ch.alloc(), peer.getHostString(), peer.getPort());
        }

        /**
         * The reason a connection attempt to {@code endpoint} failed, naming the certificate check
         * when that is what failed (BoringSSL itself only says CERTIFICATE_VERIFY_FAILED).
         */
        String describeFailure(InetSocketAddress endpoint, Throwable cause) {
            CertificateException refused = trust != null ? trust.takeLastRefusal() : null;
            if (refused == null) {
                return String.valueOf(cause);
            }
            return "the server's TLS certificate was refused (verify-peer: it must chain to the CA in "
                    + options.caFile()
                    + " and name the host '"
                    + endpoint.getHostString()
                    + "' in its subject alternative names): "
                    + refused.getMessage();
        }
    }

    /** The X.509 certificates of a PEM (or DER) file, in file order. */
    private static Collection<? extends Certificate> certificates(File file)
            throws IOException, CertificateException {
        try (InputStream in = new FileInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    /** The JDK's PKIX trust manager over the certificates of a PEM CA file. */
    private static X509ExtendedTrustManager caTrustManager(File caFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("TLS CA file " + caFile + " has no certificate");
            }
            TrustManagerFactory f =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (TrustManager m : f.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read the TLS CA file " + caFile + ": " + e, e);
        }
    }

    /**
     * Delegates to the JDK's trust manager and keeps its last refusal, whose message (no SAN
     * matching the host, no path to a trusted CA) BoringSSL reduces to an alert number.
     */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;
        private final AtomicReference<CertificateException> lastRefusal = new AtomicReference<>();

        RecordingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        CertificateException takeLastRefusal() {
            return lastRefusal.getAndSet(null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                lastRefusal.set(e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
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
