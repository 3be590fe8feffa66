package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.YomoProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.quic.QuicChannel;

import java.nio.charset.StandardCharsets;

/** Closes QUIC connections the way YoMo does: application error 0x13 with a reason string. */
final class QuicClose {

    /** Keeps the reason inside one CONNECTION_CLOSE frame of a minimal-MTU packet. */
    static final int MAX_REASON_BYTES = 512;

    private QuicClose() {}

    static ChannelFuture close(QuicChannel channel, String reason) {
        return close(channel, YomoProtocol.CLOSE_ERROR_CODE, reason);
    }

    static ChannelFuture close(QuicChannel channel, int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(r.length, MAX_REASON_BYTES);
        return channel.close(true, code, Unpooled.wrappedBuffer(r, 0, len));
    }
}
