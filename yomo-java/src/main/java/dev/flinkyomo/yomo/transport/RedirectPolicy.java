package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Whether a client follows a zipper's ConnectTo. YoMo's Go client follows every one, so a zipper
 * that redirects to itself, or two that redirect to each other, keep it dialling forever; and with
 * verify-peer off it hands its credential to whatever endpoint it is sent to. Here a redirect is
 * refused when
 *
 * <ul>
 *   <li>the client has a credential, does not verify the zipper's certificate, and the target is
 *       not the configured endpoint: nothing then proves the target is a zipper of ours, and the
 *       handshake would carry the credential to it;
 *   <li>it would be more than {@code maxRedirects} in a row since the client last dialled the
 *       configured zipper or last completed a handshake.
 * </ul>
 *
 * A refused redirect sends the client back to the configured zipper through the reconnect backoff.
 * Event-loop confined.
 */
final class RedirectPolicy {

    private final String homeHost;
    private final int homePort;
    private final int maxRedirects;
    private final boolean credentialUnprotected;
    private int inARow;

    RedirectPolicy(ClientOptions options, boolean verifiesPeer) {
        this.homeHost = options.host();
        this.homePort = options.port();
        this.maxRedirects = options.maxRedirects();
        this.credentialUnprotected = options.credential() != null && !verifiesPeer;
    }

    /**
     * Why the redirect from {@code from} to {@code target} is not followed, or null when it is (it
     * is then counted).
     */
    String refusal(InetSocketAddress from, InetSocketAddress target) {
        if (credentialUnprotected && !isHome(target)) {
            return from
                    + " redirects to "
                    + LogSafe.quote(target.getHostString() + ":" + target.getPort())
                    + ", which is not the configured zipper "
                    + home()
                    + "; not following it with the credential, because verify-peer is off and"
                    + " nothing proves who answers there. Turn on verify-peer (tls.verify-peer or"
                    + " YOMO_TLS_VERIFY_PEER=true, with the zipper's CA file) to follow redirects;"
                    + " going back to "
                    + home();
        }
        if (inARow >= maxRedirects) {
            return from
                    + " redirects to "
                    + LogSafe.quote(target.getHostString() + ":" + target.getPort())
                    + ", which would be redirect "
                    + (inARow + 1)
                    + " in a row (limit max-redirects = "
                    + maxRedirects
                    + "): a redirect loop? Not following it; going back to "
                    + home();
        }
        inARow++;
        return null;
    }

    /** The client dials the configured zipper, or completed a handshake: the count starts over. */
    void reset() {
        inARow = 0;
    }

    /** Redirects followed since the last reset. */
    int inARow() {
        return inARow;
    }

    /**
     * Same name (as configured, case-insensitive) and port. An alias of the same machine counts as
     * another endpoint: the safe side, and the WARN says how to allow it.
     */
    private boolean isHome(InetSocketAddress target) {
        return target.getPort() == homePort
                && target.getHostString().toLowerCase(Locale.ROOT).equals(homeHostLower());
    }

    private String homeHostLower() {
        String h = homeHost;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    private String home() {
        return homeHost + ":" + homePort;
    }
}
