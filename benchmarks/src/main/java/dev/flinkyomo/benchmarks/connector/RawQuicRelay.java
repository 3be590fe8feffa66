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
import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The latency baseline: what a minimal zipper does with no Flink. A {@link RawQuicServer} (the
 * listener's transport settings) takes the source's frames; each DataFrame is decoded, given the
 * new tag like the job's {@code derive} and sent (written and flushed, one frame at a time) to the
 * peer through a {@link YomoClient} with the settings {@code YomoSink} gives its client. The
 * server's event loop hands each read burst's frames to the client's event loop in one task, where
 * each is written and flushed on its own: two threads, receive and send, like a zipper's reading
 * and writing goroutines.
 *
 * <p>Under heavy load (load average 11 to 15 on the 2 vCPUs) every variant tried fell seconds
 * behind in some rounds after a fresh start, on both legs (source to relay and relay to peer,
 * measured with a second stamp): a write and a flush task per frame (as the sink does from the task
 * thread), everything on the client's one thread, and this one. The harness runs untimed warm-up
 * rounds and reports every round so such rounds can be seen.
 */
final class RawQuicRelay implements AutoCloseable {

    private static final FrameCodec CODEC = ProtocolGeneration.FINAL.codec();

    private final long outTag;
    private final YomoClient peer;
    private final EventLoop sendLoop;
    private final RawQuicServer server;

    RawQuicRelay(int peerPort, long outTag) throws Exception {
        this.outTag = outTag;
        CompletableFuture<EventLoop> clientLoop = new CompletableFuture<>();
        peer =
                new YomoClient(
                        ClientOptions.builder("127.0.0.1", peerPort, "relay", ClientType.SOURCE)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        new YomoClientListener() {
                            @Override
                            public void onConnected(String endpoint) {
                                // called on the client's event loop
                                clientLoop.complete(
                                        (EventLoop) ThreadExecutorMap.currentExecutor());
                            }
                        });
        peer.start().get(10, TimeUnit.SECONDS);
        sendLoop = clientLoop.get(10, TimeUnit.SECONDS);
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
        private List<DataFrame> burst = new ArrayList<>();

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
                    burst.add(
                            new DataFrame(
                                    outTag,
                                    d.metadata(),
                                    FixedRateProbe.stampMidpoint(d.payload())));
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!burst.isEmpty()) {
                List<DataFrame> frames = burst;
                burst = new ArrayList<>();
                sendLoop.execute(() -> frames.forEach(peer::send)); // flushed one by one
            }
        }
    }
}
