package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.flinkyomo.yomo.protocol.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission of untrusted devices over real QUIC on loopback: connections that never send a
 * handshake (a flood) are held to their own limit, per address and in time, and a real client still
 * gets in and delivers while they are open. 127.0.0.2 stands for another host: Linux routes all of
 * 127/8 to the loopback device.
 */
class YomoListenerAdmissionTest {

    private static final InetAddress OTHER_HOST = address("127.0.0.2");
    private static final String TOKEN = "device-token";

    /**
     * The flood outnumbers the authenticated places and stays open (long deadline) while the real
     * client connects. Before, each idle connection took one of max-connections, and the client was
     * refused "too many connections" until the flood timed out.
     */
    @Test
    void idleConnectionsDoNotTakeThePlacesOfAuthenticatedDevices() throws Exception {
        try (ListenerHarness h =
                        new ListenerHarness(
                                100,
                                b ->
                                        b.authToken(TOKEN)
                                                .maxConnections(2)
                                                .maxPendingConnections(4)
                                                .maxConnectionsPerAddress(0)
                                                .handshakeTimeout(Duration.ofSeconds(20)));
                Flood flood = Flood.open(h, 3, OTHER_HOST)) {
            assertThat(flood.openCount()).as("flood connections pending").isEqualTo(3);
            try (YomoClient good = goodClient(h)) {
                good.start().get(5, TimeUnit.SECONDS);
                h.assertDelivers(good, "through the flood");
            }
            assertThat(flood.openCount()).as("the flood is still there").isEqualTo(3);
        }
    }

    /**
     * Pending places run out before authenticated ones. A connection beyond them is dropped before
     * its TLS handshake (no connection state, nothing sent: a silent drop, counted and logged as a
     * refusal of the pending limit), and its own retransmitted Initial gets in once a place is
     * free. Before, the listener did the whole TLS handshake and then closed the connection naming
     * the limit: the third peer connected at the QUIC level and got the close.
     */
    @Test
    void beyondThePendingLimitANewConnectionIsDroppedBeforeItsTlsHandshake() throws Exception {
        try (CapturedLog log = new CapturedLog(RefusalLog.class);
                ListenerHarness h =
                        new ListenerHarness(
                                100,
                                b ->
                                        b.maxPendingConnections(2)
                                                .maxConnectionsPerAddress(0)
                                                .handshakeTimeout(Duration.ofSeconds(20)));
                Flood flood = Flood.open(h, 2, OTHER_HOST)) {
            assertThat(flood.awaitOpenCount(2)).isEqualTo(2);
            CompletableFuture<RawQuicPeer> third =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return RawQuicPeer.connect(
                                            h.address, YomoProtocol.ALPN, OTHER_HOST);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (h.metrics.pendingRefused.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(h.metrics.pendingRefused.get()).as("dropped Initials").isPositive();
            assertThat(third).as("no answer: neither connected nor refused").isNotDone();
            assertThat(h.listener.openConnections()).as("no connection state").isEqualTo(2);
            assertThat(log.messages())
                    .anyMatch(
                            m ->
                                    m.contains(
                                            "too many connections awaiting their handshake"
                                                    + " (max-pending-connections 2)"));
            flood.peers.get(0).close();
            try (RawQuicPeer admitted = third.get(15, TimeUnit.SECONDS)) {
                assertThat(admitted.isOpen()).as("admitted once a place was free").isTrue();
            }
        }
    }

    /**
     * One host flooding is held to its cap, leaving pending places to everyone else; the refusals
     * are counted one by one but logged once per limit and interval.
     */
    @Test
    void oneAddressIsHeldToItsCapAndItsRefusalsAreLoggedOnce() throws Exception {
        try (CapturedLog log = new CapturedLog(RefusalLog.class);
                ListenerHarness h =
                        new ListenerHarness(
                                100,
                                b ->
                                        b.authToken(TOKEN)
                                                .maxPendingConnections(4)
                                                .maxConnectionsPerAddress(3)
                                                .handshakeTimeout(Duration.ofSeconds(20)));
                Flood flood = Flood.open(h, 7, OTHER_HOST)) {
            assertThat(flood.awaitOpenCount(3)).isEqualTo(3);
            assertThat(flood.closeReasons())
                    .hasSize(4)
                    .containsOnly(
                            "too many connections from 127.0.0.2 (max-connections-per-address 3)");
            assertThat(h.metrics.addressRefused.get()).isEqualTo(4);
            try (YomoClient good = goodClient(h)) {
                good.start().get(5, TimeUnit.SECONDS);
                h.assertDelivers(good, "from another address");
            }
            assertThat(log.messages())
                    .as("four refusals, one line")
                    .hasSize(1)
                    .allMatch(
                            m -> m.startsWith("test-listener: refused connection from /127.0.0.2:"))
                    .allMatch(m -> m.contains("max-connections-per-address 3"));
        }
    }

    /** The N+1th connection from 127.0.0.1 is refused; a place is freed when one leaves. */
    @Test
    void perAddressCapCountsPendingAndAuthenticatedAndFreesPlaces() throws Exception {
        try (ListenerHarness h =
                        new ListenerHarness(
                                100,
                                b ->
                                        b.maxConnectionsPerAddress(2)
                                                .handshakeTimeout(Duration.ofSeconds(20)));
                RawQuicPeer authenticated = RawQuicPeer.connect(h.address, YomoProtocol.ALPN);
                RawQuicPeer pending = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            authenticated.write(handshake("a"));
            awaitAccepted(h, 1);
            try (RawQuicPeer third = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
                assertThat(third.awaitClose().reason())
                        .isEqualTo(
                                "too many connections from 127.0.0.1"
                                        + " (max-connections-per-address 2)");
            }
            pending.hangUp();
            awaitOpenConnections(h, 1);
            try (RawQuicPeer again = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
                again.write(handshake("again"));
                awaitAccepted(h, 2);
                assertThat(again.isOpen()).isTrue();
            }
        }
    }

    /**
     * A first frame announcing 1 MiB is refused from its length header, at once, not after the
     * handshake timeout (before, the listener waited for the body, up to max-frame-size 16 MiB).
     */
    @Test
    void oversizedHandshakeIsRefusedFromItsHeader() throws Exception {
        try (ListenerHarness h =
                        new ListenerHarness(100, b -> b.handshakeTimeout(Duration.ofSeconds(20)));
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            long t0 = System.nanoTime();
            peer.write(bytes("B1 80 C0 80 00")); // HandshakeFrame header: 5 bytes + 1,048,576
            assertThat(peer.awaitClose().reason())
                    .isEqualTo(
                            "first frame announces 1048581 bytes (header included), more than a handshake may"
                                    + " have"
                                    + " (max-handshake-size 4096)");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
            assertThat(h.metrics.handshakesTooLarge.get()).isEqualTo(1);
        }
    }

    /**
     * The largest legitimate source handshake the 4 KiB default is sized for (see
     * DEFAULT_MAX_HANDSHAKE_SIZE): a 255-byte name and target, a 32-byte ID and a 3 KiB token.
     */
    @Test
    void largestLegitimateHandshakeFitsTheDefault() throws Exception {
        String token = "t".repeat(3 * 1024);
        HandshakeFrame big =
                new HandshakeFrame(
                        "n".repeat(255),
                        "i".repeat(32),
                        ClientType.SOURCE.code(),
                        List.of(),
                        "token",
                        token,
                        YomoProtocol.VERSION,
                        "",
                        "w".repeat(255));
        byte[] wire = FinalFrameCodec.INSTANCE.encode(big);
        assertThat(wire.length)
                .isBetween(3 * 1024 + 500, ListenerOptions.DEFAULT_MAX_HANDSHAKE_SIZE);
        try (ListenerHarness h = new ListenerHarness(100, b -> b.authToken(token));
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(wire);
            awaitAccepted(h, 1);
            assertThat(peer.isOpen()).isTrue();
        }
    }

    /** The handshake deadline refuses an idle connection, counted. */
    @Test
    void handshakeTimeoutIsCounted() throws Exception {
        try (ListenerHarness h =
                        new ListenerHarness(100, b -> b.handshakeTimeout(Duration.ofMillis(300)));
                RawQuicPeer idle = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            assertThat(idle.awaitClose().reason()).isEqualTo("no handshake within 300 ms");
            assertThat(h.metrics.handshakeTimeouts.get()).isEqualTo(1);
        }
    }

    private static YomoClient goodClient(ListenerHarness h) {
        return new YomoClient(
                h.client("good").credential("token:" + TOKEN).build(), YomoClientListener.NO_OP);
    }

    private static byte[] handshake(String name) {
        return FinalFrameCodec.INSTANCE.encode(
                HandshakeFrame.of(name, name + "-id", ClientType.SOURCE));
    }

    private static void awaitAccepted(ListenerHarness h, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.metrics.accepted.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.metrics.accepted.get()).isEqualTo(n);
    }

    private static void awaitOpenConnections(ListenerHarness h, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.listener.openConnections() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.listener.openConnections()).isEqualTo(n);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connections that open a stream and never send a byte. */
    private static final class Flood implements AutoCloseable {
        private final List<RawQuicPeer> peers = new ArrayList<>();

        static Flood open(ListenerHarness h, int n, InetAddress from) throws Exception {
            Flood f = new Flood();
            for (int i = 0; i < n; i++) {
                f.peers.add(RawQuicPeer.connect(h.address, YomoProtocol.ALPN, from));
            }
            // refusals arrive just after the QUIC handshake: let them land before counting
            Thread.sleep(300);
            return f;
        }

        long openCount() {
            return peers.stream().filter(RawQuicPeer::isOpen).count();
        }

        /**
         * The open count once it has come down to {@code expected}, or after 10 s: a refusal lands
         * after the QUIC handshake, later on a loaded machine than the 300 ms waited above.
         */
        long awaitOpenCount(long expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (openCount() > expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return openCount();
        }

        List<String> closeReasons() throws Exception {
            List<String> reasons = new ArrayList<>();
            for (RawQuicPeer p : peers) {
                if (!p.isOpen()) {
                    reasons.add(p.awaitClose().reason());
                }
            }
            return reasons;
        }

        @Override
        public void close() {
            peers.forEach(RawQuicPeer::close);
        }
    }
}
