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
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionAdmission(ListenerOptions options) {
        this.options = options;
    }

    /** Takes a place of {@code address} and a pending place, or says which limit refused. */
    Optional<Refusal> admitPending(InetAddress address) {
        int perAddressCap = options.maxConnectionsPerAddress();
        if (perAddressCap > 0 && perAddress.merge(address, 1, Integer::sum) > perAddressCap) {
            releaseAddress(address);
            return Optional.of(
                    new Refusal(
                            Refusal.Limit.CONNECTIONS_PER_ADDRESS,
                            "too many connections from "
                                    + address.getHostAddress()
                                    + " (max-connections-per-address "
                                    + perAddressCap
                                    + ")"));
        }
        if (pending.incrementAndGet() > options.maxPendingConnections()) {
            pending.decrementAndGet();
            releaseAddress(address);
            return Optional.of(
                    new Refusal(
                            Refusal.Limit.PENDING_CONNECTIONS,
                            "too many connections awaiting their handshake (max-pending-connections "
                                    + options.maxPendingConnections()
                                    + ")"));
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
            // the entry goes with the address's last connection, so the map stays as small as
            // the set of addresses connected now
            perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        }
    }
}
