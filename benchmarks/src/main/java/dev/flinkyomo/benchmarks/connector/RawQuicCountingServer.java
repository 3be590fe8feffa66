package dev.flinkyomo.benchmarks.connector;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for ingest: a {@link RawQuicServer} (the listener's transport settings) that
 * acknowledges the handshake and then only counts frames. No decoding, no queue, no Flink.
 */
final class RawQuicCountingServer implements AutoCloseable {

    final AtomicLong frames = new AtomicLong();
    private final RawQuicServer server;

    RawQuicCountingServer() throws Exception {
        server = new RawQuicServer(Counting::new);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Answers the first frame (the handshake) with HandshakeAck; counts every later frame. */
    private final class Counting extends ChannelInboundHandlerAdapter {
        private final Y3FrameCounter counter = new Y3FrameCounter();
        private boolean acknowledged;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                long before = counter.frames;
                counter.add(buf);
                long added = counter.frames - before;
                if (!acknowledged && added > 0) {
                    acknowledged = true;
                    added--;
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(RawQuicServer.HANDSHAKE_ACK));
                }
                frames.addAndGet(added);
            } finally {
                buf.release();
            }
        }
    }
}
