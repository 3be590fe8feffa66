package dev.flinkyomo.yomo.transport;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One connection attempt of a {@link YomoClient}: its QUIC connection, its session stream, and how
 * it ended. Event-loop confined except the volatile fields read by writers.
 */
final class ClientSession {

    /** QUIC CRYPTO_ERROR 0x100 + TLS alert 120 (no_application_protocol). */
    private static final int NO_APPLICATION_PROTOCOL = 0x178;

    final InetSocketAddress endpoint;
    final String id;
    QuicChannel quic;
    volatile QuicStreamChannel stream;
    volatile boolean connected;
    boolean lost;
    boolean superseded;
    ScheduledFuture<?> deadline;
    QuicConnectionCloseEvent peerClose;

    /** Why this side closed the connection, when it did. */
    String localCloseReason;

    /** Set once closeGracefully sent the FIN. */
    boolean finSent;

    /** Completes when the peer has read everything up to our FIN. */
    final CompletableFuture<Void> peerEnded = new CompletableFuture<>();

    ClientSession(InetSocketAddress endpoint, String id) {
        this.endpoint = endpoint;
        this.id = id;
    }

    void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /**
     * The connection ended: {@link #peerEnded} tells a graceful close whether the peer read all.
     */
    void ended(String reason) {
        if (finSent && peerClose != null) {
            // the peer read up to our FIN and closed, as the Go zipper of interop/ does at the end
            // of a stream
            peerEnded.complete(null);
        } else {
            peerEnded.completeExceptionally(new IOException(reason));
        }
    }

    /** Event loop: the FIN goes after every frame written so far, flushed or not. */
    void endStream(boolean current) {
        QuicStreamChannel s = stream;
        if (!current || s == null || !s.isActive()) {
            peerEnded.completeExceptionally(
                    new IOException("the session ended before its stream could be finished"));
            return;
        }
        finSent = true;
        // not shutdownOutput(): in Netty 4.2.18 its FIN skips the stream's queue of writes waiting
        // for flow-control credit, ending the stream before them; a FIN frame queues behind them
        s.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true))
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                peerEnded.completeExceptionally(f.cause());
                            }
                        });
    }

    String describeClose() {
        if (peerClose == null) {
            return localCloseReason != null ? localCloseReason : "connection closed";
        }
        if (peerClose.isTlsError()) {
            return "TLS alert "
                    + QuicConnectionCloseEvent.extractTlsError(peerClose.error())
                    + (peerClose.error() == NO_APPLICATION_PROTOCOL
                            ? " (no_application_protocol: the peer does not accept our ALPN)"
                            : "");
        }
        return closeReasonOf(peerClose).toString();
    }

    /**
     * A peer may close without a reason phrase; Netty 4.2.18's {@code reason()} then throws a
     * NullPointerException (it clones a null array), so that case reads as an empty reason.
     */
    static CloseReason closeReasonOf(QuicConnectionCloseEvent e) {
        byte[] reason;
        try {
            reason = e.reason();
        } catch (NullPointerException noReason) {
            reason = null;
        }
        return new CloseReason(
                e.error(), reason == null ? "" : new String(reason, StandardCharsets.UTF_8));
    }
}
