package dev.flinkyomo.connector.yomo.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admits QUIC connections: connection limit, handshake deadline, bookkeeping. */
@ChannelHandler.Sharable
final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnectionHandler.class);

    private final ListenerContext context;
    private final ChannelGroup connections;

    ServerConnectionHandler(ListenerContext context, ChannelGroup connections) {
        this.context = context;
        this.connections = connections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        QuicChannel ch = (QuicChannel) ctx.channel();
        ServerConnection conn = new ServerConnection(ch, context);
        ch.attr(ServerConnection.KEY).set(conn);
        int open = context.openConnections.incrementAndGet();
        context.metrics.connectionOpened();
        connections.add(ch);
        if (open > context.options.maxConnections()) {
            conn.fail("too many connections (max " + context.options.maxConnections() + ")", false);
        } else {
            conn.startHandshakeDeadline();
            QuicKeepAlive.start(ch, context.options.keepAlive(), context.options.idleTimeout());
        }
        ctx.fireChannelActive();
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
        if (conn != null && conn.info() != null) {
            LOG.debug("{}: connection closed: {}", context.name(), conn.describe());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ServerConnection conn = ctx.channel().attr(ServerConnection.KEY).get();
        if (conn != null) {
            conn.fail("connection error: " + cause, false);
        } else {
            // e.g. a TLS failure such as a wrong ALPN: close properly so the client stops retrying
            LOG.warn("{}: connection from {} failed before admission: {}", context.name(),
                    ((QuicChannel) ctx.channel()).remoteSocketAddress(), cause.getMessage());
            QuicClose.close((QuicChannel) ctx.channel(), "connection failed: " + cause.getMessage());
        }
    }
}
