package dev.flinkyomo.yomo.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Copies consecutive small frame writes on a QUIC stream into one direct buffer that goes to QUIC
 * on flush or when full. Without it every frame is its own message all the way down: a heap to
 * direct copy, a JNI {@code stream_send} and a chunk in quiche's send buffer, whose emit cost grows
 * with the number of chunks queued (with 1 KiB frames, the sending side spent a third of its CPU
 * there). Frames are written whole and in order; a write with a real promise, or anything that is
 * not a small buffer (a FIN), first sends what has been gathered, so order is kept.
 *
 * <p>Bytes gathered here are not yet in the channel's outbound buffer, so writability lags by at
 * most {@link #CAPACITY} bytes.
 */
final class WriteCoalescer extends ChannelOutboundHandlerAdapter {

    /** About a dozen QUIC packets. */
    static final int CAPACITY = 16 * 1024;

    private ByteBuf gathered;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && promise.isVoid() && buf.readableBytes() <= CAPACITY) {
            int n = buf.readableBytes();
            if (gathered != null && gathered.writableBytes() < n) {
                writeGathered(ctx);
            }
            if (gathered == null) {
                gathered = ctx.alloc().directBuffer(CAPACITY, CAPACITY);
            }
            gathered.writeBytes(buf);
            buf.release();
            return;
        }
        writeGathered(ctx);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeGathered(ctx);
        ctx.flush();
    }

    private void writeGathered(ChannelHandlerContext ctx) {
        if (gathered != null) {
            ByteBuf out = gathered;
            gathered = null;
            ctx.write(out, ctx.voidPromise());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (gathered != null) {
            gathered.release(); // the stream is gone; unflushed writes are lost as Netty's would be
            gathered = null;
        }
    }
}
