package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * TLS files of a YoMo endpoint, as YoMo's {@code YOMO_TLS_*} environment variables define them: a
 * PEM certificate and key (otherwise a server generates a self-signed certificate), a CA file, and
 * {@code verifyPeer}: on a server it demands and verifies client certificates (mutual TLS), on a
 * client it verifies the server instead of trusting any certificate.
 */
@PublicEvolving
public final class TlsOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String ENV_CERT_FILE = "YOMO_TLS_CERT_FILE";
    public static final String ENV_KEY_FILE = "YOMO_TLS_KEY_FILE";
    public static final String ENV_CACERT_FILE = "YOMO_TLS_CACERT_FILE";
    public static final String ENV_VERIFY_PEER = "YOMO_TLS_VERIFY_PEER";

    /** Self-signed server certificate, clients trust anything: YoMo's default. */
    public static final TlsOptions INSECURE_DEFAULT = new TlsOptions(null, null, null, false);

    private final String certFile;
    private final String keyFile;
    private final String caFile;
    private final boolean verifyPeer;

    public TlsOptions(String certFile, String keyFile, String caFile, boolean verifyPeer) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException(
                    "TLS certificate and key files must be given together (cert="
                            + certFile
                            + ", key="
                            + keyFile
                            + ")");
        }
        if (verifyPeer && caFile == null) {
            throw new IllegalArgumentException(
                    "verifying the peer needs a CA file (" + ENV_CACERT_FILE + ")");
        }
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.caFile = caFile;
        this.verifyPeer = verifyPeer;
    }

    /** Reads the {@code YOMO_TLS_*} variables the way YoMo does. */
    public static TlsOptions fromEnvironment(Map<String, String> env) {
        return new TlsOptions(
                blankToNull(env.get(ENV_CERT_FILE)),
                blankToNull(env.get(ENV_KEY_FILE)),
                blankToNull(env.get(ENV_CACERT_FILE)),
                "true".equalsIgnoreCase(env.get(ENV_VERIFY_PEER)));
    }

    public static TlsOptions fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public String certFile() {
        return certFile;
    }

    public String keyFile() {
        return keyFile;
    }

    public String caFile() {
        return caFile;
    }

    public boolean verifyPeer() {
        return verifyPeer;
    }

    public boolean hasCertificate() {
        return certFile != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsOptions t
                && Objects.equals(certFile, t.certFile)
                && Objects.equals(keyFile, t.keyFile)
                && Objects.equals(caFile, t.caFile)
                && verifyPeer == t.verifyPeer;
    }

    @Override
    public int hashCode() {
        return Objects.hash(certFile, keyFile, caFile, verifyPeer);
    }

    @Override
    public String toString() {
        return "TlsOptions{cert="
                + certFile
                + ", key="
                + (keyFile == null ? null : "<set>")
                + ", ca="
                + caFile
                + ", verifyPeer="
                + verifyPeer
                + '}';
    }
}
