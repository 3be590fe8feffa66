package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A QUIC endpoint that YoMo sources and upstream zippers dial as if it were a zipper. Accepted data
 * frames go into a {@link BoundedFrameQueue}; when it is full, clients are pushed back by QUIC flow
 * control. Bad clients are closed with error 0x13 and a reason; the others are unaffected.
 *
 * <pre>{@code
 * BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(10_000);
 * try (YomoListener l = new YomoListener(ListenerOptions.builder().port(0).build(), queue, ListenerMetrics.NO_OP)) {
 *     InetSocketAddress addr = l.start();
 *     ... queue.drainTo(list, 100, Duration.ofMillis(100)) ...
 * }
 * }</pre>
 */
@PublicEvolving
public final class YomoListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YomoListener.class);

    /** Extra streams are tolerated by QUIC so the listener can name the violation itself. */
    private static final int MAX_STREAMS = 4;

    private final ListenerOptions options;
    private final ListenerContext context;

    /** Address validation: a Retry with a signed token before any connection state exists. */
    private final QuicTokenHandler tokenHandler;

    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private Channel channel;
    private volatile InetSocketAddress boundAddress;

    /** A listener that never grants acknowledgements (a stock zipper's behaviour). */
    public YomoListener(
            ListenerOptions options,
            BoundedFrameQueue<InboundFrame> queue,
            ListenerMetrics metrics) {
        this(options, queue, metrics, (ProducerPositions) null);
    }

    /**
     * A listener that grants the acknowledgement extension (yomo-java/ACKS.md) to producers that
     * ask for it, with ResumeAfter from {@code positions}.
     *
     * @param positions the producers' highest emitted sequences; null = acknowledgements are never
     *     granted
     */
    public YomoListener(
            ListenerOptions options,
            BoundedFrameQueue<InboundFrame> queue,
            ListenerMetrics metrics,
            ProducerPositions positions) {
        // a key per listener
        this(
                options,
                queue,
                metrics,
                positions,
                new HmacQuicTokenHandler(options.retryTokenLifetime()));
    }

    /** With another token handler: tests watch the Retry round trip through it. */
    YomoListener(
            ListenerOptions options,
            BoundedFrameQueue<InboundFrame> queue,
            ListenerMetrics metrics,
            QuicTokenHandler tokenHandler) {
        this(options, queue, metrics, null, tokenHandler);
    }

    private YomoListener(
            ListenerOptions options,
            BoundedFrameQueue<InboundFrame> queue,
            ListenerMetrics metrics,
            ProducerPositions positions,
            QuicTokenHandler tokenHandler) {
        this.options = options;
        this.context = new ListenerContext(options, queue, metrics, positions);
        this.tokenHandler = tokenHandler;
    }

    /**
     * Binds the UDP socket and starts accepting; returns the bound address (real port if 0).
     *
     * @throws IllegalStateException if the security profile is STRICT and the listener would run
     *     without a token, with a self-signed certificate or accepting the 2021 protocol
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException(options.name() + " already started");
        }
        TlsOptions tls = options.resolvedTls();
        SecurityPosture.check(options, tls); // before anything binds: STRICT may refuse
        group =
                new MultiThreadIoEventLoopGroup(
                        options.eventLoopThreads(),
                        new DefaultThreadFactory("yomo-listener-" + options.name(), true),
                        NioIoHandler.newFactory());
        try {
            ChannelHandler codec =
                    QuicAllocator.on(new QuicServerCodecBuilder())
                            .sslContext(QuicTls.server(tls, options.host()))
                            .maxIdleTimeout(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .initialMaxData(2L * context.memoryPlan.streamWindow())
                            .initialMaxStreamDataBidirectionalRemote(
                                    context.memoryPlan.streamWindow())
                            .initialMaxStreamDataBidirectionalLocal(
                                    context.memoryPlan.streamWindow())
                            .initialMaxStreamsBidirectional(MAX_STREAMS)
                            .initialMaxStreamsUnidirectional(MAX_STREAMS)
                            .datagram(QuicKeepAlive.DATAGRAM_QUEUE, QuicKeepAlive.DATAGRAM_QUEUE)
                            .tokenHandler(new AdmittingTokenHandler(tokenHandler, context))
                            .handler(new ServerConnectionHandler(context, connections))
                            .streamHandler(new StreamInitializer())
                            .build();
            Bootstrap b =
                    QuicAllocator.on(new Bootstrap())
                            .group(group)
                            .channel(NioDatagramChannel.class)
                            .handler(
                                    new ChannelInitializer<NioDatagramChannel>() {
                                        @Override
                                        protected void initChannel(NioDatagramChannel ch) {
                                            ch.pipeline().addLast(context.initialPackets, codec);
                                        }
                                    });
            if (options.udpBufferSize() > 0) {
                b.option(ChannelOption.SO_RCVBUF, options.udpBufferSize())
                        .option(ChannelOption.SO_SNDBUF, options.udpBufferSize());
            }
            channel = b.bind(options.host(), options.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        UdpBuffers.check(channel, options.udpBufferSize(), options.name());
        boundAddress = (InetSocketAddress) channel.localAddress();
        LOG.info(
                "{}: YoMo listener bound to {} ({}; {})",
                options.name(),
                boundAddress,
                options,
                context.memoryPlan);
        return boundAddress;
    }

    /** The bound address once started, else null. */
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    public int openConnections() {
        return context.openConnections.get();
    }

    /** Frame memory the connections hold now (see {@link ListenerMemory}), in bytes. */
    public long frameMemoryHeld() {
        return context.memory.held();
    }

    /** The frame memory the budget sets aside (the most {@link #frameMemoryHeld()} grants). */
    public long frameMemoryLimit() {
        return context.memory.limit();
    }

    /**
     * The stream functions connected now, and the way to route frames to them; empty unless {@link
     * ListenerOptions.Builder#acceptStreamFunctions} is set.
     */
    public ConnectedFunctions functions() {
        return context.functions;
    }

    public ListenerOptions options() {
        return options;
    }

    /**
     * Tells the producer that every frame up to and including {@code durable} (unsigned) is
     * durable: sends {@code Ack{durable}} on its current acknowledging session, if one is
     * connected; otherwise does nothing, since the next handshake's ResumeAfter covers it. Never
     * sends a lower value than already sent on that session. Thread-safe: the send hops to the
     * session's event loop.
     */
    public void acknowledge(String producerId, long durable) {
        context.producers.acknowledge(producerId, durable);
    }

    /** Closes every connection (code 0, empty reason: "listener closed" in YoMo) and the socket. */
    @Override
    public synchronized void close() {
        if (group == null) {
            return;
        }
        for (Channel c : connections) {
            if (c instanceof QuicChannel q) {
                q.eventLoop().execute(() -> QuicClose.close(q, 0, ""));
            }
        }
        if (channel != null) {
            // queued behind the connection closes on the same event loop, so they leave first
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
        LOG.info("{}: YoMo listener on {} closed", options.name(), boundAddress);
    }

    /** Puts the session handler on the first bidirectional stream and refuses any other stream. */
    private final class StreamInitializer extends ChannelInitializer<QuicStreamChannel> {
        @Override
        protected void initChannel(QuicStreamChannel ch) {
            ServerConnection conn = ch.parent().attr(ServerConnection.KEY).get();
            if (conn == null || conn.isClosing()) {
                ch.close();
                return;
            }
            if (ch.type() != QuicStreamType.BIDIRECTIONAL || !conn.claimStream()) {
                conn.fail(
                        "a YoMo client opens exactly one bidirectional stream; got another "
                                + ch.type().name().toLowerCase()
                                + " stream (id "
                                + ch.streamId()
                                + ")",
                        false);
                ch.close();
                return;
            }
            ch.pipeline().addLast(new ServerStreamHandler(conn), new StreamEndAnswer());
        }
    }

    /**
     * Answers the client's FIN with ours. QUIC hands the FIN over only after every byte before it,
     * so the answer tells a client closing gracefully that all it sent has reached this listener
     * (frames parked while the queue is full are still delivered after the stream ends); see {@link
     * YomoClient#closeGracefully}.
     */
    private static final class StreamEndAnswer extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                ((QuicStreamChannel) ctx.channel()).shutdownOutput();
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
