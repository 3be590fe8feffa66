package dev.flinkyomo.benchmarks.connector;

import dev.flinkyomo.y3.Y3PacketReader;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.TimeUnit;

/**
 * The latency baseline: what a minimal zipper does with no Flink. A {@link RawQuicServer} (the
 * listener's transport settings) takes the source's frames; on its event loop each DataFrame is
 * decoded, given the new tag like the job's {@code derive} and sent (written and flushed, one frame
 * at a time) to the peer through a {@link YomoClient} with the settings {@code YomoSink} gives its
 * client. The only thread hop is the one the sink has too: into the client's event loop.
 */
final class RawQuicRelay implements AutoCloseable {

    private static final FrameCodec CODEC = ProtocolGeneration.FINAL.codec();

    private final long outTag;
    private final YomoClient peer;
    private final RawQuicServer server;

    RawQuicRelay(int peerPort, long outTag) throws Exception {
        this.outTag = outTag;
        peer =
                new YomoClient(
                        ClientOptions.builder("127.0.0.1", peerPort, "relay", ClientType.SOURCE)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        YomoClientListener.NO_OP);
        peer.start().get(10, TimeUnit.SECONDS);
        server = new RawQuicServer(Forwarding::new);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        peer.close();
    }

    /** Answers the first frame (the handshake) with HandshakeAck; forwards every DataFrame. */
    private final class Forwarding extends ChannelInboundHandlerAdapter {
        private final Y3PacketReader reader =
                new Y3PacketReader(ListenerOptions.DEFAULT_MAX_FRAME_SIZE);
        private boolean acknowledged;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int n = buf.readableBytes();
                reader.ensureWritable(n);
                buf.readBytes(reader.array(), reader.writeIndex(), n);
                reader.commitWritten(n);
            } finally {
                buf.release();
            }
            byte[] packet;
            while ((packet = reader.next()) != null) {
                if (!acknowledged) {
                    acknowledged = true;
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(RawQuicServer.HANDSHAKE_ACK));
                } else if (CODEC.decode(packet) instanceof DataFrame d) {
                    peer.send(new DataFrame(outTag, d.metadata(), d.payload()));
                }
            }
        }
    }
}
