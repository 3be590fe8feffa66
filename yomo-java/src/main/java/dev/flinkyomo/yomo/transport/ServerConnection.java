package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.YomoProtocol;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to a listener: its admission (pending, then authenticated), handshake
 * deadline, the single data stream, and closing with a reason. Lives on the connection's event
 * loop; no locking.
 */
final class ServerConnection {

    static final AttributeKey<ServerConnection> KEY =
            AttributeKey.valueOf(ServerConnection.class, "yomo");

    final QuicChannel channel;
    final ListenerContext context;
    private ScheduledFuture<?> handshakeDeadline;
    private ConnectionInfo info;
    private boolean streamOpened;
    private boolean closing;

    /** The address whose places this connection holds, once admitted; null before and after. */
    private InetAddress admittedAddress;

    private boolean authenticated;

    /** When the client's stream last delivered bytes; spares keep-alives (see QuicKeepAlive). */
    private long lastHeardMillis; // 0: not yet

    ServerConnection(QuicChannel channel, ListenerContext context) {
        this.channel = channel;
        this.context = context;
    }

    /** Takes a pending place; false, and the connection refused, if a limit says no. */
    boolean admitPending() {
        InetAddress address = ((InetSocketAddress) channel.remoteSocketAddress()).getAddress();
        if (refused(context.admission.admitPending(address))) {
            return false;
        }
        admittedAddress = address;
        return true;
    }

    /** Trades the pending place for an authenticated one; false, and refused, if full. */
    boolean authenticate() {
        authenticated = !refused(context.admission.authenticate());
        return authenticated;
    }

    private boolean refused(Optional<Refusal> refusal) {
        refusal.ifPresent(this::refuse);
        return refusal.isPresent();
    }

    /** Gives the places back when the connection has ended. */
    void releaseAdmission() {
        if (admittedAddress != null) {
            context.admission.release(admittedAddress, authenticated);
            admittedAddress = null;
        }
    }

    /** Closes a connection a limit turned away: counted, and logged rate-limited. */
    void refuse(Refusal refusal) {
        if (closing) {
            return;
        }
        refusal.limit().count(context.metrics);
        context.refusals.log(channel.remoteSocketAddress(), refusal);
        close(refusal.reason());
    }

    void startHandshakeDeadline() {
        long ms = context.options.handshakeTimeout().toMillis();
        handshakeDeadline =
                channel.eventLoop()
                        .schedule(
                                () -> {
                                    if (info == null) {
                                        refuse(
                                                new Refusal(
                                                        Refusal.Limit.HANDSHAKE_TIMEOUT,
                                                        "no handshake within " + ms + " ms"));
                                    }
                                },
                                ms,
                                TimeUnit.MILLISECONDS);
    }

    void heard(long atMillis) {
        lastHeardMillis = atMillis;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    /** The first bidirectional stream is the session; anything else is refused. */
    boolean claimStream() {
        if (streamOpened) {
            return false;
        }
        streamOpened = true;
        return true;
    }

    void established(ConnectionInfo connectionInfo) {
        this.info = connectionInfo;
        cancelDeadline();
    }

    ConnectionInfo info() {
        return info;
    }

    boolean isClosing() {
        return closing;
    }

    /** Closes with error 0x13 and the reason, logging one line. */
    void fail(String reason, boolean decodeError) {
        if (closing) {
            return;
        }
        if (decodeError) {
            context.metrics.decodeError();
        }
        context.refusals.closing(describe(), reason);
        close(reason);
    }

    /** Closes with error 0x13 and the reason without a warning (an orderly end). */
    void close(String reason) {
        close(YomoProtocol.CLOSE_ERROR_CODE, reason);
    }

    /** Closes with application error {@code code} and the reason. */
    void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        cancelDeadline();
        QuicClose.close(channel, code, reason);
    }

    String describe() {
        return info != null ? info.toString() : String.valueOf(channel.remoteSocketAddress());
    }

    private void cancelDeadline() {
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
            handshakeDeadline = null;
        }
    }
}
