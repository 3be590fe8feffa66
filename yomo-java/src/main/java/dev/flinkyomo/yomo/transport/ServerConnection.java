package dev.flinkyomo.yomo.transport;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to a listener: handshake deadline, the single data stream, and closing with
 * a reason. Lives on the connection's event loop; no locking.
 */
final class ServerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);

    static final AttributeKey<ServerConnection> KEY =
            AttributeKey.valueOf(ServerConnection.class, "yomo");

    final QuicChannel channel;
    final ListenerContext context;
    private ScheduledFuture<?> handshakeDeadline;
    private ConnectionInfo info;
    private boolean streamOpened;
    private boolean closing;

    ServerConnection(QuicChannel channel, ListenerContext context) {
        this.channel = channel;
        this.context = context;
    }

    void startHandshakeDeadline() {
        long ms = context.options.handshakeTimeout().toMillis();
        handshakeDeadline =
                channel.eventLoop()
                        .schedule(
                                () -> {
                                    if (info == null) {
                                        fail("no handshake within " + ms + " ms", false);
                                    }
                                },
                                ms,
                                TimeUnit.MILLISECONDS);
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
        LOG.warn("{}: closing connection from {}: {}", context.name(), describe(), reason);
        close(reason);
    }

    /** Closes with error 0x13 and the reason without a warning (an orderly end). */
    void close(String reason) {
        if (closing) {
            return;
        }
        closing = true;
        cancelDeadline();
        QuicClose.close(channel, reason);
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
