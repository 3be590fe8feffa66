package dev.flinkyomo.benchmarks.connector;

import dev.flinkyomo.yomo.transport.ListenerOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.util.SelfSignedCertificate;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for ingest: a Netty QUIC server with the listener's transport settings (ALPN {@code
 * yomo}, one event loop, 8 MiB stream window) that acknowledges the handshake and then only counts
 * frames. No decoding, no queue, no Flink.
 */
final class RawQuicCountingServer implements AutoCloseable {

    private static final byte[] HANDSHAKE_ACK = {(byte) 0xA9, 0x00};
    private static final int WINDOW = 8 * 1024 * 1024;

    final AtomicLong frames = new AtomicLong();
    private final EventLoopGroup group;
    private final Channel channel;

    RawQuicCountingServer() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        QuicSslContext tls =
                QuicSslContextBuilder.forServer(cert.key(), null, cert.cert())
                        .applicationProtocols("yomo")
                        .build();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel =
                new Bootstrap()
                        .group(group)
                        .channel(NioDatagramChannel.class)
                        // the same socket buffers the YoMo listener requests (16 MiB), or loss
                        // would cap it
                        .option(ChannelOption.SO_RCVBUF, ListenerOptions.DEFAULT_UDP_BUFFER_SIZE)
                        .option(ChannelOption.SO_SNDBUF, ListenerOptions.DEFAULT_UDP_BUFFER_SIZE)
                        .handler(
                                new QuicServerCodecBuilder()
                                        .sslContext(tls)
                                        .maxIdleTimeout(30, TimeUnit.SECONDS)
                                        .initialMaxData(2L * WINDOW)
                                        .initialMaxStreamDataBidirectionalRemote(WINDOW)
                                        .initialMaxStreamDataBidirectionalLocal(WINDOW)
                                        .initialMaxStreamsBidirectional(4)
                                        .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                                        .handler(
                                                new ChannelInitializer<
                                                        QuicChannel>() { // one per connection
                                                    @Override
                                                    protected void initChannel(QuicChannel ch) {}
                                                })
                                        .streamHandler(
                                                new ChannelInitializer<QuicStreamChannel>() {
                                                    @Override
                                                    protected void initChannel(
                                                            QuicStreamChannel ch) {
                                                        ch.pipeline().addLast(new Counting());
                                                    }
                                                })
                                        .build())
                        .bind("127.0.0.1", 0)
                        .sync()
                        .channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
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
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(HANDSHAKE_ACK));
                }
                frames.addAndGet(added);
            } finally {
                buf.release();
            }
        }
    }
}
