package dev.flinkyomo.yomo.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;

import javax.net.ssl.SSLPeerUnverifiedException;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bare QUIC peer for bad-input tests: it writes whatever bytes a test gives it on one
 * bidirectional stream and records what comes back and how the connection was closed. Public for
 * the hostile-client tests of the modules above (test-jar).
 */
public final class RawQuicPeer implements AutoCloseable {

    private final EventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final CompletableFuture<QuicConnectionCloseEvent> closeEvent =
            new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile CloseReason peerClose;
    private InetAddress local;
    private Channel datagram;
    private QuicChannel quic;
    private QuicStreamChannel stream;

    public static RawQuicPeer connect(InetSocketAddress server, String alpn) throws Exception {
        return connect(server, alpn, null);
    }

    /**
     * As {@link #connect(InetSocketAddress, String)}, from {@code local} (another loopback address
     * such as 127.0.0.2 stands for another host), or any if null.
     */
    public static RawQuicPeer connect(InetSocketAddress server, String alpn, InetAddress local)
            throws Exception {
        RawQuicPeer p = new RawQuicPeer();
        p.local = local;
        p.open(server, alpn);
        return p;
    }

    /**
     * Offers {@code alpn} in a handshake and returns the QUIC CONNECTION_CLOSE the server answers
     * with, as soon as it arrives (Netty fails the connect attempt itself only after draining).
     */
    static QuicConnectionCloseEvent refusal(InetSocketAddress server, String alpn, Duration timeout)
            throws Exception {
        try (RawQuicPeer p = new RawQuicPeer()) {
            p.bind(alpn);
            p.bootstrap(server).connect();
            return p.closeEvent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void open(InetSocketAddress server, String alpn) throws Exception {
        bind(alpn);
        quic = bootstrap(server).connect().get(5, TimeUnit.SECONDS);
        quic.closeFuture().addListener(f -> closed.complete(peerClose));
        Future<QuicStreamChannel> opened =
                quic.createStream(
                        QuicStreamType.BIDIRECTIONAL,
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                synchronized (received) {
                                    received.writeBytes(ByteBufUtil.getBytes(b));
                                }
                                b.release();
                            }
                        });
        if (!opened.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no stream within 5 s");
        }
        if (opened.isSuccess()) {
            stream = opened.getNow();
        } else if (quic.isActive()) {
            throw new IllegalStateException("cannot open a stream", opened.cause());
        } // else the server closed the connection at once (e.g. its connection limit): awaitClose()
        // says why
    }

    private void bind(String alpn) throws InterruptedException {
        datagram =
                new Bootstrap()
                        .group(group)
                        .channel(NioDatagramChannel.class)
                        .handler(
                                new QuicClientCodecBuilder()
                                        .sslContext(
                                                QuicSslContextBuilder.forClient()
                                                        .trustManager(
                                                                InsecureTrustManagerFactory
                                                                        .INSTANCE)
                                                        .applicationProtocols(alpn)
                                                        .build())
                                        .maxIdleTimeout(10, TimeUnit.SECONDS)
                                        .initialMaxData(1 << 20)
                                        .initialMaxStreamDataBidirectionalLocal(1 << 20)
                                        .initialMaxStreamDataBidirectionalRemote(1 << 20)
                                        .build())
                        .bind(new InetSocketAddress(local, 0))
                        .sync()
                        .channel();
    }

    private QuicChannelBootstrap bootstrap(InetSocketAddress server) {
        return QuicChannel.newBootstrap(datagram)
                .handler(
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof QuicConnectionCloseEvent e) {
                                    // a TLS close carries no reason phrase, and Netty's reason()
                                    // throws then
                                    peerClose =
                                            e.isTlsError()
                                                    ? null
                                                    : new CloseReason(
                                                            e.error(),
                                                            new String(
                                                                    e.reason(),
                                                                    StandardCharsets.UTF_8));
                                    closeEvent.complete(e);
                                }
                            }
                        })
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(server);
    }

    /** The certificate chain the server presented in the TLS handshake. */
    Certificate[] serverCertificates() throws SSLPeerUnverifiedException {
        return quic.sslEngine().getSession().getPeerCertificates();
    }

    public RawQuicPeer write(byte[] bytes) throws Exception {
        stream.writeAndFlush(Unpooled.wrappedBuffer(bytes)).sync();
        return this;
    }

    /** Opens another bidirectional stream and writes to it. */
    void writeOnNewStream(byte[] bytes) throws Exception {
        QuicStreamChannel s =
                quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                        .get(5, TimeUnit.SECONDS);
        s.writeAndFlush(Unpooled.wrappedBuffer(bytes)).sync();
    }

    /** Stops taking stream data: what the server sends then fills QUIC's flow-control window. */
    void stopReading() {
        stream.config().setAutoRead(false);
    }

    byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /** The peer's close code and reason (null if it closed without one), once closed. */
    public CloseReason awaitClose() throws Exception {
        return closed.get(15, TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return quic.isActive();
    }

    /** Ends the connection from this side (as a client that goes away). */
    void hangUp() throws Exception {
        quic.close(true, 0, Unpooled.EMPTY_BUFFER).sync();
    }

    @Override
    public void close() {
        if (quic != null && quic.isActive()) {
            quic.close();
        }
        if (datagram != null) {
            datagram.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
