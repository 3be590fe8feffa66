package dev.flinkyomo.yomo.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The client's single event-loop thread and its UDP socket with the QUIC client codec. Every
 * connection attempt of a client (redials, redirects) goes out through this one socket, so all of a
 * client's channels share one thread and need no locking.
 */
final class ClientEventLoop {

    /** QUIC flow-control window per stream; the connection gets twice as much. */
    private static final int STREAM_WINDOW = 8 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel datagram;
    private final QuicTls.ClientTls tls;

    private ClientEventLoop(EventLoopGroup group, Channel datagram, QuicTls.ClientTls tls) {
        this.group = group;
        this.datagram = datagram;
        this.tls = tls;
    }

    /**
     * Starts the thread and binds an ephemeral UDP port; shuts the thread down again on failure.
     */
    static ClientEventLoop start(ClientOptions options) throws InterruptedException {
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("yomo-client-" + options.name(), true),
                        NioIoHandler.newFactory());
        QuicTls.ClientTls tls;
        try {
            tls = QuicTls.client(options.resolvedTls(), options.alpn(), options.name());
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        ChannelHandler quic =
                new QuicClientCodecBuilder()
                        // per connection, with the host and port dialled (sslContext() would build
                        // engines without them, which fails every verified handshake)
                        .sslEngineProvider(tls::newEngine)
                        .maxIdleTimeout(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .initialMaxData(2L * STREAM_WINDOW)
                        .initialMaxStreamDataBidirectionalLocal(STREAM_WINDOW)
                        .initialMaxStreamDataBidirectionalRemote(STREAM_WINDOW)
                        .datagram(QuicKeepAlive.DATAGRAM_QUEUE, QuicKeepAlive.DATAGRAM_QUEUE)
                        .build();
        Bootstrap b =
                QuicAllocator.on(
                        new Bootstrap()
                                .group(group)
                                .channel(NioDatagramChannel.class)
                                .handler(quic));
        if (options.udpBufferSize() > 0) {
            b.option(ChannelOption.SO_RCVBUF, options.udpBufferSize())
                    .option(ChannelOption.SO_SNDBUF, options.udpBufferSize());
        }
        Channel datagram;
        try {
            datagram = b.bind(0).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        UdpBuffers.check(datagram, options.udpBufferSize(), "client " + options.name());
        return new ClientEventLoop(group, datagram, tls);
    }

    EventLoop loop() {
        return datagram.eventLoop();
    }

    /** A bootstrap for one QUIC connection to {@code peer} over this client's socket. */
    QuicChannelBootstrap newConnection(InetSocketAddress peer) {
        return QuicAllocator.on(QuicChannel.newBootstrap(datagram))
                .attr(QuicTls.PEER, peer)
                .remoteAddress(peer);
    }

    QuicTls.ClientTls tls() {
        return tls;
    }

    /** Closes the socket and stops the thread, waiting a few seconds at most. */
    void shutdown() {
        datagram.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
