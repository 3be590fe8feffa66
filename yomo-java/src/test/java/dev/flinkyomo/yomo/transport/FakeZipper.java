package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A zipper that answers the n-th handshake it gets (from 0) with the frames a test chooses, encoded
 * by the real {@link FrameCodec}, and records every handshake. A raw Netty QUIC server: {@link
 * YomoListener} never sends ConnectTo, which is what the redirect tests need.
 */
final class FakeZipper implements AutoCloseable {

    private static final FrameCodec CODEC = ProtocolGeneration.FINAL.codec();

    private final EventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<HandshakeFrame> handshakes = new CopyOnWriteArrayList<>();
    private final List<Long> handshakeNanos = new CopyOnWriteArrayList<>();
    private volatile IntFunction<List<Frame>> answers = n -> List.of(HandshakeAckFrame.INSTANCE);
    private final Channel channel;
    final InetSocketAddress address;

    /** Self-signed, or the PEM certificate and key {@code certAndKey} (as TestCa issues). */
    FakeZipper(Path[] certAndKey) throws InterruptedException {
        TlsOptions tls =
                certAndKey == null
                        ? TlsOptions.INSECURE_DEFAULT
                        : new TlsOptions(
                                certAndKey[0].toString(), certAndKey[1].toString(), null, false);
        channel =
                new Bootstrap()
                        .group(group)
                        .channel(NioDatagramChannel.class)
                        .handler(
                                new QuicServerCodecBuilder()
                                        .sslContext(QuicTls.server(tls, "localhost"))
                                        .maxIdleTimeout(10, TimeUnit.SECONDS)
                                        .initialMaxData(1 << 20)
                                        .initialMaxStreamDataBidirectionalRemote(1 << 20)
                                        .initialMaxStreamDataBidirectionalLocal(1 << 20)
                                        .initialMaxStreamsBidirectional(4)
                                        .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                                        // one shared instance for every connection:
                                        // must be @Sharable
                                        .handler(new NoOp())
                                        .streamHandler(
                                                new ChannelInitializer<QuicStreamChannel>() {
                                                    @Override
                                                    protected void initChannel(
                                                            QuicStreamChannel ch) {
                                                        ch.pipeline().addLast(new Session());
                                                    }
                                                })
                                        .build())
                        .bind("127.0.0.1", 0)
                        .sync()
                        .channel();
        address = (InetSocketAddress) channel.localAddress();
    }

    FakeZipper() throws InterruptedException {
        this(null);
    }

    /** What the n-th handshake (from 0) is answered with; HandshakeAck by default. */
    FakeZipper answering(IntFunction<List<Frame>> answers) {
        this.answers = answers;
        return this;
    }

    List<HandshakeFrame> handshakes() {
        return List.copyOf(handshakes);
    }

    /** System.nanoTime() at each handshake. */
    List<Long> handshakeNanos() {
        return List.copyOf(handshakeNanos);
    }

    /** {@code 127.0.0.1:port}, as a ConnectTo names it. */
    String endpoint() {
        return "127.0.0.1:" + address.getPort();
    }

    int port() {
        return address.getPort();
    }

    @ChannelHandler.Sharable
    private static final class NoOp extends ChannelInboundHandlerAdapter {}

    /** Reads the client's handshake from its stream and writes the scripted answer. */
    private final class Session extends ChannelInboundHandlerAdapter {

        private final Y3FrameSplitter splitter =
                new Y3FrameSplitter(ListenerOptions.DEFAULT_MAX_FRAME_SIZE);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            splitter.add((ByteBuf) msg);
            byte[] wire;
            while ((wire = splitter.next()) != null) {
                if (CODEC.decode(wire) instanceof HandshakeFrame h) {
                    int n;
                    synchronized (handshakes) {
                        n = handshakes.size();
                        handshakeNanos.add(System.nanoTime());
                        handshakes.add(h);
                    }
                    for (Frame f : answers.apply(n)) {
                        ctx.write(Unpooled.wrappedBuffer(CODEC.encode(f)));
                    }
                    ctx.flush();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            splitter.release();
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
