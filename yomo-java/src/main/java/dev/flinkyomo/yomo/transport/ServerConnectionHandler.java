package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLHandshakeException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Admits QUIC connections: admission limits, handshake deadline, bookkeeping. */
@ChannelHandler.Sharable
final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnectionHandler.class);

    /** BoringSSL's reason when no offered ALPN matches. */
    private static final String BORINGSSL_NO_APPLICATION_PROTOCOL = "NO_APPLICATION_PROTOCOL";

    /**
     * Set while the connection's QUIC handshake runs: from its registration (Netty registers a
     * server connection as soon as an Initial with a valid token created it, before quiche reads
     * that Initial) until it is activated (the handshake is done) or unregistered (it ended
     * before). Counted in {@link ConnectionAdmission#handshakeStarted}, with the address.
     */
    private static final AttributeKey<InetAddress> HANDSHAKING =
            AttributeKey.valueOf(ServerConnectionHandler.class, "handshaking");

    private final ListenerContext context;
    private final ChannelGroup connections;

    ServerConnectionHandler(ListenerContext context, ChannelGroup connections) {
        this.context = context;
        this.connections = connections;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        InetAddress address =
                ((InetSocketAddress) ((QuicChannel) ctx.channel()).remoteSocketAddress())
                        .getAddress();
        ctx.channel().attr(HANDSHAKING).set(address);
        context.admission.handshakeStarted(address);
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
        handshakeEnded(ctx.channel());
        ctx.fireChannelUnregistered();
    }

    private void handshakeEnded(Channel ch) {
        InetAddress address = ch.attr(HANDSHAKING).getAndSet(null);
        if (address != null) {
            context.admission.handshakeEnded(address);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        QuicChannel ch = (QuicChannel) ctx.channel();
        handshakeEnded(ch);
        ServerConnection conn = new ServerConnection(ch, context);
        ch.attr(ServerConnection.KEY).set(conn);
        context.openConnections.incrementAndGet();
        context.metrics.connectionOpened();
        connections.add(ch);
        if (conn.admitPending()) {
            conn.startHandshakeDeadline();
            QuicKeepAlive.start(
                    ch,
                    context.options.keepAlive(),
                    context.options.idleTimeout(),
                    conn::lastHeardMillis);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!QuicKeepAlive.onUserEvent((QuicChannel) ctx.channel(), evt)) {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Keep-alive datagrams carry nothing; new streams (QuicStreamChannel) pass on. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf b) {
            b.release();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        context.openConnections.decrementAndGet();
        context.metrics.connectionClosed();
        ServerConnection conn = ctx.channel().attr(ServerConnection.KEY).get();
        if (conn != null) {
            conn.releaseAdmission();
        }
        if (conn != null && conn.info() != null) {
            LOG.debug("{}: connection closed: {}", context.name(), conn.describe());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ServerConnection conn = ctx.channel().attr(ServerConnection.KEY).get();
        QuicChannel ch = (QuicChannel) ctx.channel();
        if (conn != null) {
            conn.fail("connection error: " + cause, false);
        } else if (cause instanceof SSLHandshakeException) {
            refuseTls(ch, cause);
        } else {
            LOG.warn(
                    "{}: connection from {} failed before admission: {}",
                    context.name(),
                    ch.remoteSocketAddress(),
                    cause.getMessage());
            QuicClose.close(ch, "connection failed: " + cause.getMessage());
        }
    }

    /**
     * TLS refused the client, e.g. no common ALPN (BoringSSL's NO_APPLICATION_PROTOCOL). quiche has
     * queued a CONNECTION_CLOSE with CRYPTO_ERROR 0x100 + the TLS alert (0x178 for
     * no_application_protocol), which tells the client at once. The failure is reported while the
     * client's first Initial is processed, before Netty has registered this channel: closing here
     * sent nothing and the client retried until its handshake timeout, so close after this read.
     */
    private void refuseTls(QuicChannel ch, Throwable cause) {
        context.metrics.handshakeRejected();
        SocketAddress peer = ch.remoteSocketAddress();
        String error = String.valueOf(cause.getMessage());
        if (error.contains(BORINGSSL_NO_APPLICATION_PROTOCOL)) {
            String offered =
                    context.initialPackets
                            .offeredAlpn(peer)
                            .map(l -> LogSafe.escape(l.toString(), LogSafe.MESSAGE_CHARS))
                            .orElse("unknown");
            LOG.warn(
                    "{}: TLS handshake with {} refused: {} (offered ALPN {}, the listener speaks '{}')",
                    context.name(),
                    peer,
                    error,
                    offered,
                    YomoProtocol.ALPN);
        } else {
            LOG.warn("{}: TLS handshake with {} refused: {}", context.name(), peer, error);
        }
        ch.eventLoop().execute(ch::close);
    }
}
