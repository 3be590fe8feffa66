package dev.flinkyomo.yomo.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Sits in front of the QUIC codec and keeps a copy of the latest Initial datagram, so a TLS refusal
 * can name the ALPN the client offered ({@link QuicInitialAlpn}). The copy is needed because quiche
 * decrypts packets in place. Only Initial packets (handshakes) are copied; every other datagram
 * costs one byte comparison. Event-loop confined, like the codec behind it.
 */
final class InitialPacketTap extends ChannelInboundHandlerAdapter {

    private SocketAddress lastSender;
    private byte[] lastInitial;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket p) {
            ByteBuf content = p.content();
            if (content.isReadable()
                    && QuicInitialAlpn.looksLikeInitial(
                            content.getUnsignedByte(content.readerIndex()))) {
                lastSender = p.sender();
                lastInitial = ByteBufUtil.getBytes(content);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The ALPN list of the latest Initial from {@code sender}. TLS fails while quiche processes
     * that very datagram, so the latest one is the refused client's.
     */
    Optional<List<String>> offeredAlpn(SocketAddress sender) {
        byte[] initial = lastInitial;
        if (initial == null || !sender.equals(lastSender)) {
            return Optional.empty();
        }
        return QuicInitialAlpn.offered(initial);
    }
}
