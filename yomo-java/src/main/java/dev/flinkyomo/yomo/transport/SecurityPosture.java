package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a listener's settings at start for YoMo's insecure defaults. YoMo starts without a token,
 * with a self-signed certificate and (this listener, for old devices) with the 2021 protocol, and
 * so does a listener built with defaults; each is fine on a trusted network and a hole on an open
 * one. Under {@link SecurityProfile#DEFAULT} one WARN names them with their fixes (one line, not
 * one per weakness, so it is read); under {@link SecurityProfile#STRICT} the listener does not
 * start.
 */
final class SecurityPosture {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityPosture.class);

    private SecurityPosture() {}

    /** The weaknesses of these settings, each with its fix; empty if none. */
    static List<String> weaknesses(ListenerOptions options, TlsOptions tls) {
        List<String> found = new ArrayList<>();
        if (options.authToken() == null) {
            found.add(
                    "no auth token, so any client that reaches the port may send (set"
                            + " ListenerOptions.authToken, SQL 'auth.token')");
        }
        if (!tls.hasCertificate()) {
            found.add(
                    "a self-signed certificate, so clients cannot tell this listener from an"
                            + " impostor (set YOMO_TLS_CERT_FILE and YOMO_TLS_KEY_FILE, TlsOptions,"
                            + " or SQL 'tls.cert-file' and 'tls.key-file')");
        }
        if (options.generations().contains(ProtocolGeneration.LEGACY_2021)) {
            found.add(
                    "the 2021 protocol is accepted, whose handshake carries no credentials (accept"
                            + " only ProtocolGeneration.FINAL, SQL 'protocol-generations' = 'final')");
        }
        return found;
    }

    /**
     * Logs one WARN under DEFAULT, or refuses under STRICT.
     *
     * @throws IllegalStateException under STRICT when a weakness holds, naming each
     */
    static void check(ListenerOptions options, TlsOptions tls) {
        List<String> found = weaknesses(options, tls);
        if (found.isEmpty()) {
            return;
        }
        String list = String.join("; ", found);
        if (options.securityProfile() == SecurityProfile.STRICT) {
            throw new IllegalStateException(
                    options.name()
                            + ": security profile STRICT refuses to start a listener with "
                            + list);
        }
        LOG.warn(
                "{}: listening with {} (security profile DEFAULT allows this; STRICT refuses it)",
                options.name(),
                list);
    }
}
