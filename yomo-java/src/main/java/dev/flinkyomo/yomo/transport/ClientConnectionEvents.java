package dev.flinkyomo.yomo.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;

import java.util.function.Consumer;

/**
 * The handler of a client's QUIC connection: records the peer's CONNECTION_CLOSE code and reason,
 * drops keep-alive datagrams, and lets {@link QuicKeepAlive} see the DATAGRAM negotiation.
 */
final class ClientConnectionEvents extends ChannelInboundHandlerAdapter {

    private final ClientSession s;
    private final Consumer<CloseReason> peerClosed;

    ClientConnectionEvents(ClientSession s, Consumer<CloseReason> peerClosed) {
        this.s = s;
        this.peerClosed = peerClosed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            b.release(); // keep-alive datagrams
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (QuicKeepAlive.onUserEvent((QuicChannel) ctx.channel(), evt)) {
            return;
        }
        if (evt instanceof QuicConnectionCloseEvent e) {
            s.peerClose = e;
            peerClosed.accept(ClientSession.closeReasonOf(e));
            if (s.quic == null) {
                // refused during the QUIC handshake (e.g. a TLS alert): without this the connect
                // attempt fails only when quiche's draining period ends, seconds later
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }
}
