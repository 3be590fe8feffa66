package dev.flinkyomo.yomo.transport;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one listener's connections against its limits: a new connection takes a place of its IP
 * address and a pending place; an accepted handshake trades the pending place for an authenticated
 * one. Pending connections never take authenticated places, so devices that proved their token
 * cannot be locked out by connections that never do. Shared by the listener's event loops, hence
 * atomic counters; each take that overshoots is undone at once.
 */
final class ConnectionAdmission {

    private final ListenerOptions options;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger authenticated = new AtomicInteger();

    /**
     * Connections past their Retry whose QUIC (TLS) handshake has not finished: they count against
     * {@code max-pending-connections} with the pending ones (see {@link #refusesHandshake}).
     */
    private final AtomicInteger handshaking = new AtomicInteger();

    /**
     * The same per address, held to {@code max-connections-per-address}: otherwise one host could
     * take every pending place with TLS handshakes it never finishes, since its places of {@link
     * #perAddress} are taken only once a handshake is done.
     */
    private final ConcurrentHashMap<InetAddress, Integer> handshakingPerAddress =
            new ConcurrentHashMap<>();

    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionAdmission(ListenerOptions options) {
        this.options = options;
    }

    /**
     * Why a new connection from {@code address} may not start its TLS handshake, or empty if it
     * may: its QUIC handshake and the YoMo handshake after it together hold one of {@code
     * max-pending-connections} places, and one address holds at most {@code
     * max-connections-per-address} of the handshakes in progress. Asked for every Initial that
     * carries a valid Retry token, before any connection state or TLS work exists; a refusal drops
     * that Initial (see {@link AdmittingTokenHandler}).
     *
     * <p>Why here and not only when the QUIC handshake is done ({@link #admitPending}): Netty
     * activates a server connection only once its TLS handshake is complete, so a connection
     * refused there had already cost the listener a full handshake (an ECDSA signature, an X25519
     * exchange, the certificate) and the device as much, and the handshakes in progress were not
     * limited at all. In 5,000-device reconnect storms of issue 17 (round 3, shared machine)
     * 3,000-4,106 of 10,210-15,167 dials were refused at the pending cap that late.
     */
    Optional<Refusal> refusesHandshake(InetAddress address) {
        if (handshaking.get() + pending.get() >= options.maxPendingConnections()) {
            return Optional.of(pendingRefusal());
        }
        int perAddressCap = options.maxConnectionsPerAddress();
        if (perAddressCap > 0 && handshakingPerAddress.getOrDefault(address, 0) >= perAddressCap) {
            return Optional.of(addressRefusal(address));
        }
        return Optional.empty();
    }

    /** A connection admitted by {@link #refusesHandshake} now exists (its TLS handshake runs). */
    void handshakeStarted(InetAddress address) {
        handshaking.incrementAndGet();
        handshakingPerAddress.merge(address, 1, Integer::sum);
    }

    /** Its QUIC handshake finished (it goes on to {@link #admitPending}) or it ended before. */
    void handshakeEnded(InetAddress address) {
        handshaking.decrementAndGet();
        decrement(handshakingPerAddress, address);
    }

    int handshaking() {
        return handshaking.get();
    }

    /** The refusal of the pending limit, also the one logged for a dropped Initial. */
    Refusal pendingRefusal() {
        return new Refusal(
                Refusal.Limit.PENDING_CONNECTIONS,
                "too many connections awaiting their handshake (max-pending-connections "
                        + options.maxPendingConnections()
                        + ")");
    }

    private Refusal addressRefusal(InetAddress address) {
        return new Refusal(
                Refusal.Limit.CONNECTIONS_PER_ADDRESS,
                "too many connections from "
                        + address.getHostAddress()
                        + " (max-connections-per-address "
                        + options.maxConnectionsPerAddress()
                        + ")");
    }

    /** Takes a place of {@code address} and a pending place, or says which limit refused. */
    Optional<Refusal> admitPending(InetAddress address) {
        int perAddressCap = options.maxConnectionsPerAddress();
        if (perAddressCap > 0 && perAddress.merge(address, 1, Integer::sum) > perAddressCap) {
            releaseAddress(address);
            return Optional.of(addressRefusal(address));
        }
        if (pending.incrementAndGet() > options.maxPendingConnections()) {
            pending.decrementAndGet();
            releaseAddress(address);
            return Optional.of(pendingRefusal());
        }
        return Optional.empty();
    }

    /** Trades a pending place for an authenticated one, or says the listener is full. */
    Optional<Refusal> authenticate() {
        if (authenticated.incrementAndGet() > options.maxConnections()) {
            authenticated.decrementAndGet();
            return Optional.of(
                    new Refusal(
                            Refusal.Limit.CONNECTIONS,
                            "too many connections (max-connections "
                                    + options.maxConnections()
                                    + ")"));
        }
        pending.decrementAndGet();
        return Optional.empty();
    }

    /** Gives back the places of a connection that ended pending (or authenticated). */
    void release(InetAddress address, boolean wasAuthenticated) {
        (wasAuthenticated ? authenticated : pending).decrementAndGet();
        releaseAddress(address);
    }

    int pending() {
        return pending.get();
    }

    int authenticated() {
        return authenticated.get();
    }

    private void releaseAddress(InetAddress address) {
        if (options.maxConnectionsPerAddress() > 0) {
            decrement(perAddress, address);
        }
    }

    /**
     * One fewer for {@code address}: the entry goes with the address's last connection, so a map
     * stays as small as the set of addresses connected (or handshaking) now.
     */
    private static void decrement(
            ConcurrentHashMap<InetAddress, Integer> counts, InetAddress address) {
        counts.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }
}
