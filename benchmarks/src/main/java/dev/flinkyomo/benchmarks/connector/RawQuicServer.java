package dev.flinkyomo.benchmarks.connector;

import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.QuicAllocator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
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
import java.util.function.Supplier;

/**
 * A bare Netty QUIC server with the YoMo listener's transport settings (ALPN {@code yomo}, one
 * event loop, the listener's default 8 MiB stream window and 16 MiB socket buffers), each stream
 * handled by a handler of the caller's: the baselines the connector harnesses compare Flink with.
 */
final class RawQuicServer implements AutoCloseable {

    /** The answer to a final-protocol Handshake: HandshakeAck, {@code A9 00}. */
    static final byte[] HANDSHAKE_ACK = {(byte) 0xA9, 0x00};

    private static final ListenerOptions LISTENER = ListenerOptions.builder().build();

    private final EventLoopGroup group;
    private final Channel channel;

    RawQuicServer(Supplier<ChannelHandler> streamHandler) throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        QuicSslContext tls =
                QuicSslContextBuilder.forServer(cert.key(), null, cert.cert())
                        .applicationProtocols("yomo")
                        .build();
        int window = LISTENER.streamWindow();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // the allocator of the YoMo listener and client, or the baseline would pay for Netty's
        // default one what the listener does not
        channel =
                QuicAllocator.on(new Bootstrap())
                        .group(group)
                        .channel(NioDatagramChannel.class)
                        // the same socket buffers the YoMo listener requests, or loss would cap it
                        .option(ChannelOption.SO_RCVBUF, LISTENER.udpBufferSize())
                        .option(ChannelOption.SO_SNDBUF, LISTENER.udpBufferSize())
                        .handler(
                                QuicAllocator.on(new QuicServerCodecBuilder())
                                        .sslContext(tls)
                                        .maxIdleTimeout(30, TimeUnit.SECONDS)
                                        .initialMaxData(2L * window)
                                        .initialMaxStreamDataBidirectionalRemote(window)
                                        .initialMaxStreamDataBidirectionalLocal(window)
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
                                                        ch.pipeline().addLast(streamHandler.get());
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
}
