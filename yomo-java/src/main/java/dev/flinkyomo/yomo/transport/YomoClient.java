package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.Ids;
import dev.flinkyomo.yomo.protocol.ConnectToFrame;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.GoawayFrame;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.RejectedFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A YoMo client over QUIC: a source (0x5F) writing data frames, or a stream function (0x5D)
 * receiving the tags it observes. Dials, sends the handshake, waits for the answer: HandshakeAck
 * (connected), Rejected (stop for good), ConnectTo (redial there). A lost connection is redialled
 * with exponential backoff.
 *
 * <p>Writes may come from any thread; their order is kept. Honour {@link #isWritable()} / {@link
 * #awaitWritable} to let QUIC flow control push back instead of buffering without bound.
 *
 * <p>Keep-alive: see {@link QuicKeepAlive}; against a YoMo zipper its own PINGs (every 2 s) keep
 * the connection up.
 */
public final class YomoClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YomoClient.class);

    /** QUIC CRYPTO_ERROR 0x100 + TLS alert 120 (no_application_protocol). */
    private static final int NO_APPLICATION_PROTOCOL = 0x178;

    /** States of the client as a whole (one connection at a time). */
    public enum State {
        NEW,
        CONNECTING,
        CONNECTED,
        REJECTED,
        CLOSED
    }

    private final ClientOptions options;
    private final YomoClientListener listener;
    private final FrameCodec codec;
    private final String baseId;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private final Object writability = new Object();

    /** {@link #whenWritable} callbacks waiting for a writability change; event loop only. */
    private final List<Runnable> writableCallbacks = new ArrayList<>();

    private EventLoopGroup group;
    private Channel datagram;
    private EventLoop loop;
    private volatile Session session;
    private volatile State state = State.NEW;
    private volatile CloseReason lastCloseReason;
    private int attempt;
    private long backoffMillis;

    public YomoClient(ClientOptions options, YomoClientListener listener) {
        this.options = options;
        this.listener = listener;
        this.codec = options.generation().codec();
        this.baseId = options.id() != null ? options.id() : Ids.newClientId();
        this.backoffMillis = options.initialBackoff().toMillis();
    }

    /**
     * Starts dialling. The future completes at the first acknowledged handshake and fails with
     * {@link YomoRejectedException} on Rejected, or with an IOException when the connection fails
     * and reconnecting is off.
     */
    public synchronized CompletableFuture<Void> start() throws InterruptedException {
        if (state != State.NEW) {
            throw new IllegalStateException("client already started");
        }
        group =
                new MultiThreadIoEventLoopGroup(
                        1,
                        new DefaultThreadFactory("yomo-client-" + options.name(), true),
                        NioIoHandler.newFactory());
        int window = 8 * 1024 * 1024;
        io.netty.channel.ChannelHandler quic =
                new QuicClientCodecBuilder()
                        .sslContext(QuicTls.client(options.resolvedTls(), options.alpn()))
                        .maxIdleTimeout(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .initialMaxData(2L * window)
                        .initialMaxStreamDataBidirectionalLocal(window)
                        .initialMaxStreamDataBidirectionalRemote(window)
                        .datagram(QuicKeepAlive.DATAGRAM_QUEUE, QuicKeepAlive.DATAGRAM_QUEUE)
                        .build();
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(quic);
        if (options.udpBufferSize() > 0) {
            b.option(ChannelOption.SO_RCVBUF, options.udpBufferSize())
                    .option(ChannelOption.SO_SNDBUF, options.udpBufferSize());
        }
        try {
            datagram = b.bind(0).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        UdpBuffers.check(datagram, options.udpBufferSize(), "client " + options.name());
        loop = datagram.eventLoop();
        state = State.CONNECTING;
        InetSocketAddress target = new InetSocketAddress(options.host(), options.port());
        loop.execute(() -> dial(target));
        return firstConnect;
    }

    public State state() {
        return state;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** The close code and reason of the last connection the peer closed, or null. */
    public CloseReason lastCloseReason() {
        return lastCloseReason;
    }

    /** Queues a frame without flushing; throws IllegalStateException when not connected. */
    public void write(DataFrame frame) {
        Session s = connectedSession();
        s.stream.write(Unpooled.wrappedBuffer(codec.encode(frame)), s.stream.voidPromise());
    }

    public void flush() {
        Session s = session;
        if (s != null && s.stream != null) {
            s.stream.flush();
        }
    }

    /** {@link #write} and {@link #flush}. */
    public void send(DataFrame frame) {
        write(frame);
        flush();
    }

    /** False while the stream's send buffer is above Netty's high water mark. */
    public boolean isWritable() {
        Session s = session;
        return s != null && s.connected && s.stream.isWritable();
    }

    /**
     * Runs {@code callback} on the client's event loop when the stream may have become writable:
     * after a writability change, a connect or a connection loss (so the caller looks again and
     * sees which). Runs it right away, on the event loop, if the stream is writable now; callbacks
     * still waiting when the client is closed are dropped with its event loop. The non-blocking
     * counterpart of {@link #awaitWritable}, for writers on the event loop that must not poll.
     */
    public void whenWritable(Runnable callback) {
        EventLoop l = loop;
        if (l == null) {
            callback.run(); // never started: the caller sees it is not connected
            return;
        }
        try {
            l.execute(
                    () -> {
                        if (isWritable()) {
                            callback.run();
                        } else {
                            writableCallbacks.add(callback);
                        }
                    });
        } catch (RejectedExecutionException e) {
            callback.run(); // closed
        }
    }

    /** Waits until {@link #isWritable()}; false on timeout or if the connection is gone. */
    public boolean awaitWritable(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (writability) {
            while (!isWritable()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || state != State.CONNECTED && state != State.CONNECTING) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(
                        writability, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        }
    }

    private Session connectedSession() {
        Session s = session;
        if (s == null || !s.connected) {
            throw new IllegalStateException(
                    "YoMo client '" + options.name() + "' is not connected (" + state + ")");
        }
        return s;
    }

    // ------------------------------------------------------------------ connection lifecycle
    // (event loop)

    private void dial(InetSocketAddress endpoint) {
        if (state == State.CLOSED || state == State.REJECTED) {
            return;
        }
        Session s =
                new Session(
                        endpoint, options.id() != null ? options.id() : baseId + "-" + attempt++);
        session = s;
        QuicChannel.newBootstrap(datagram)
                .handler(new ConnectionEvents(s))
                .streamHandler(new ChannelInboundHandlerAdapter())
                .option(
                        ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) options.handshakeTimeout().toMillis())
                .remoteAddress(endpoint)
                .connect()
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                lost(
                                        s,
                                        "cannot connect to "
                                                + endpoint
                                                + ": "
                                                + (s.peerClose != null
                                                        ? "refused, " + s.describeClose()
                                                        : f.cause()));
                                return;
                            }
                            s.quic = (QuicChannel) f.getNow();
                            QuicKeepAlive.start(s.quic, options.keepAlive(), options.idleTimeout());
                            s.quic.closeFuture().addListener(cf -> lost(s, s.describeClose()));
                            s.quic.createStream(
                                            QuicStreamType.BIDIRECTIONAL,
                                            new ChannelInitializer<QuicStreamChannel>() {
                                                @Override
                                                protected void initChannel(QuicStreamChannel ch) {
                                                    ch.pipeline()
                                                            .addLast(
                                                                    new WriteCoalescer(),
                                                                    new StreamHandler(s));
                                                }
                                            })
                                    .addListener(
                                            sf -> {
                                                if (!sf.isSuccess()) {
                                                    fail(
                                                            s,
                                                            "cannot open the stream: "
                                                                    + sf.cause());
                                                    return;
                                                }
                                                s.stream = (QuicStreamChannel) sf.getNow();
                                                sendHandshake(s);
                                            });
                        });
    }

    private void sendHandshake(Session s) {
        HandshakeFrame h =
                HandshakeFrame.of(options.name(), s.id, options.clientType())
                        .withObserveDataTags(options.observeDataTags());
        if (options.credential() != null) {
            h = h.withCredential(options.credential());
        }
        s.stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(h)));
        if (codec.generation() == ProtocolGeneration.LEGACY_2021) {
            connected(s); // a v1.5 zipper answers nothing
            return;
        }
        long ms = options.handshakeTimeout().toMillis();
        s.deadline =
                loop.schedule(
                        () -> {
                            if (!s.connected && session == s) {
                                fail(s, "no handshake answer within " + ms + " ms");
                            }
                        },
                        ms,
                        TimeUnit.MILLISECONDS);
    }

    private void connected(Session s) {
        s.connected = true;
        s.cancelDeadline();
        state = State.CONNECTED;
        backoffMillis = options.initialBackoff().toMillis();
        LOG.info("YoMo client '{}' (id {}) connected to {}", options.name(), s.id, s.endpoint);
        firstConnect.complete(null);
        listener.onConnected(s.endpoint.toString());
        signalWritability();
    }

    /** Handles a frame; false when the listener refused a data frame (the caller pauses). */
    private boolean onFrame(Session s, byte[] wire) {
        if (codec.isIgnorable(wire)) {
            return true;
        }
        Frame f = codec.decode(wire);
        if (!s.connected) {
            if (f == HandshakeAckFrame.INSTANCE) {
                connected(s);
            } else if (f instanceof RejectedFrame r) {
                rejected(s, r.message());
            } else if (f instanceof ConnectToFrame c) {
                redirect(s, c.endpoint());
            } else {
                fail(
                        s,
                        "read unexpected frame "
                                + f.type().frameName()
                                + " before the handshake answer");
            }
            return true;
        }
        if (f instanceof DataFrame d) {
            return listener.offerData(d, wire.length);
        } else if (f instanceof RejectedFrame r) {
            rejected(s, r.message());
        } else if (f instanceof GoawayFrame g) {
            LOG.info("YoMo client '{}': peer sent Goaway: {}", options.name(), g.message());
            QuicClose.close(s.quic, "goaway acknowledged");
        } else {
            fail(s, "read unexpected frame " + f.type().frameName());
        }
        return true;
    }

    private void rejected(Session s, String reason) {
        state = State.REJECTED;
        s.cancelDeadline();
        LOG.warn("YoMo client '{}' rejected by {}: {}", options.name(), s.endpoint, reason);
        QuicClose.close(s.quic, "rejected");
        firstConnect.completeExceptionally(new YomoRejectedException(reason));
        listener.onRejected(reason);
        signalWritability();
    }

    private void redirect(Session s, String endpoint) {
        InetSocketAddress target;
        try {
            target = parseEndpoint(endpoint);
        } catch (IllegalArgumentException e) {
            fail(s, "ConnectTo with a bad endpoint: " + e.getMessage());
            return;
        }
        LOG.info("YoMo client '{}': {} redirects to {}", options.name(), s.endpoint, target);
        s.cancelDeadline();
        s.superseded = true;
        QuicClose.close(s.quic, "redirected to " + endpoint);
        dial(target);
    }

    private void fail(Session s, String reason) {
        LOG.warn(
                "YoMo client '{}': closing connection to {}: {}",
                options.name(),
                s.endpoint,
                reason);
        if (s.quic != null) {
            QuicClose.close(s.quic, reason);
        } else {
            lost(s, reason);
        }
    }

    private void lost(Session s, String reason) {
        if (s.lost) {
            return;
        }
        s.lost = true;
        s.cancelDeadline();
        if (s.finSent && s.peerClose != null) {
            // the peer read up to our FIN and closed, as the Go zipper of interop/ does at the end
            // of a stream
            s.peerEnded.complete(null);
        } else {
            s.peerEnded.completeExceptionally(new IOException(reason));
        }
        if (s.superseded || session != s) {
            return;
        }
        if (s.connected) {
            listener.onDisconnected(reason);
        }
        signalWritability();
        if (state == State.REJECTED || state == State.CLOSED) {
            return;
        }
        if (!options.reconnect()) {
            state = State.CLOSED;
            firstConnect.completeExceptionally(
                    new IOException("YoMo connection to " + s.endpoint + " ended: " + reason));
            return;
        }
        state = State.CONNECTING;
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, options.maxBackoff().toMillis());
        LOG.info(
                "YoMo client '{}': connection to {} ended ({}); redialling in {} ms",
                options.name(),
                s.endpoint,
                reason,
                delay);
        try {
            loop.schedule(() -> dial(s.endpoint), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            state = State.CLOSED; // close() raced with the loss
        }
    }

    private void signalWritability() {
        synchronized (writability) {
            writability.notifyAll();
        }
        EventLoop l = loop;
        if (l != null && l.inEventLoop() && !writableCallbacks.isEmpty()) {
            List<Runnable> due = new ArrayList<>(writableCallbacks);
            writableCallbacks.clear();
            due.forEach(Runnable::run);
        }
    }

    /**
     * Closes without losing what was written: flushes, ends the stream with a QUIC FIN after the
     * last frame, waits until the peer has read up to that FIN, then {@link #close() closes}. QUIC
     * delivers stream data in order, so the peer ending its side of the stream (our listener
     * answers a FIN with its own) or closing the connection after our FIN means it read everything.
     * A plain {@link #close()} would discard what QUIC has not delivered yet. Call it after the
     * last write: nothing can be written after the FIN.
     *
     * @param timeout upper bound of the wait for the peer
     * @return true when the peer confirmed within the timeout; false when there was no connected
     *     session or no confirmation came (frames in flight may then be lost)
     */
    public boolean closeGracefully(Duration timeout) throws InterruptedException {
        Session s = session;
        boolean confirmed = false;
        if (s != null && s.connected) {
            try {
                loop.execute(() -> endStream(s));
                s.peerEnded.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                confirmed = true;
            } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
                LOG.warn(
                        "YoMo client '{}': {} did not confirm the end of the stream ({}); closing anyway",
                        options.name(),
                        s.endpoint,
                        e instanceof TimeoutException
                                ? "no answer within " + timeout.toMillis() + " ms"
                                : e.toString());
            }
        }
        close();
        return confirmed;
    }

    /** Event loop: the FIN goes after every frame written so far, flushed or not. */
    private void endStream(Session s) {
        QuicStreamChannel stream = s.stream;
        if (session != s || stream == null || !stream.isActive()) {
            s.peerEnded.completeExceptionally(
                    new IOException("the session ended before its stream could be finished"));
            return;
        }
        s.finSent = true;
        // not shutdownOutput(): in Netty 4.2.18 its FIN skips the stream's queue of writes waiting
        // for flow-control credit, ending the stream before them; a FIN frame queues behind them
        stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true))
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                s.peerEnded.completeExceptionally(f.cause());
                            }
                        });
    }

    /** Closes the connection (error 0x13, "client closed") and releases the event loop. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED && group == null) {
            return;
        }
        state = State.CLOSED;
        firstConnect.completeExceptionally(new IOException("client closed"));
        if (group == null) {
            return;
        }
        loop.execute(
                () -> {
                    Session s = session;
                    if (s != null && s.quic != null && s.quic.isActive()) {
                        QuicClose.close(s.quic, "client closed");
                    }
                });
        datagram.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
        signalWritability();
    }

    static InetSocketAddress parseEndpoint(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + endpoint + "'");
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + endpoint + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + endpoint + "'");
        }
        return new InetSocketAddress(host, port);
    }

    /** One connection attempt. Event-loop confined except the volatile flags read by writers. */
    private static final class Session {
        final InetSocketAddress endpoint;
        final String id;
        QuicChannel quic;
        volatile QuicStreamChannel stream;
        volatile boolean connected;
        boolean lost;
        boolean superseded;
        ScheduledFuture<?> deadline;
        QuicConnectionCloseEvent peerClose;

        /** Set once closeGracefully sent the FIN. */
        boolean finSent;

        /** Completes when the peer has read everything up to our FIN. */
        final CompletableFuture<Void> peerEnded = new CompletableFuture<>();

        Session(InetSocketAddress endpoint, String id) {
            this.endpoint = endpoint;
            this.id = id;
        }

        void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        String describeClose() {
            if (peerClose == null) {
                return "connection closed";
            }
            if (peerClose.isTlsError()) {
                return "TLS alert "
                        + QuicConnectionCloseEvent.extractTlsError(peerClose.error())
                        + (peerClose.error() == NO_APPLICATION_PROTOCOL
                                ? " (no_application_protocol: the peer does not accept our ALPN)"
                                : "");
            }
            return closeReasonOf(peerClose).toString();
        }
    }

    /**
     * A peer may close without a reason phrase; Netty 4.2.18's {@code reason()} then throws a
     * NullPointerException (it clones a null array), so that case reads as an empty reason.
     */
    private static CloseReason closeReasonOf(QuicConnectionCloseEvent e) {
        byte[] reason;
        try {
            reason = e.reason();
        } catch (NullPointerException noReason) {
            reason = null;
        }
        return new CloseReason(
                e.error(), reason == null ? "" : new String(reason, StandardCharsets.UTF_8));
    }

    /** Records the peer's CONNECTION_CLOSE code and reason. */
    private final class ConnectionEvents extends ChannelInboundHandlerAdapter {
        private final Session s;

        ConnectionEvents(Session s) {
            this.s = s;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                b.release(); // keep-alive datagrams
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (QuicKeepAlive.onUserEvent((QuicChannel) ctx.channel(), evt)) {
                return;
            }
            if (evt instanceof QuicConnectionCloseEvent e) {
                s.peerClose = e;
                lastCloseReason = closeReasonOf(e);
                if (s.quic == null) {
                    // refused during the QUIC handshake (e.g. a TLS alert): without this the
                    // connect
                    // attempt fails only when quiche's draining period ends, seconds later
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * Frames from the peer on the session stream. When the listener refuses a data frame, the frame
     * is parked, reading stops ({@code autoRead=false}) and later bytes stay undecoded in the
     * splitter, so QUIC stops extending credit to the zipper; {@link YomoClientListener#whenReady}
     * resumes with the parked frame first. Nothing is dropped.
     */
    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        private final Session s;
        private final Y3FrameSplitter splitter = new Y3FrameSplitter(options.maxFrameSize());
        private Channel stream;
        private byte[] parked;
        private boolean paused;
        private boolean stopped;
        private boolean inactive;

        StreamHandler(Session s) {
            this.s = s;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            stream = ctx.channel();
        }

        /** The peer's FIN (QUIC streams allow half-closure by default, so it is only an event). */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                s.peerEnded.complete(null);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            splitter.add((ByteBuf) msg);
            decodeAvailable();
        }

        /**
         * Decodes whole frames (the parked one first) until the bytes run out, a frame is refused,
         * or decoding fails.
         */
        private void decodeAvailable() {
            try {
                while (!paused && !stopped) {
                    byte[] wire = parked != null ? parked : splitter.next();
                    parked = null;
                    if (wire == null) {
                        return;
                    }
                    if (!onFrame(s, wire)) {
                        pause(wire);
                    }
                }
            } catch (YomoProtocolException e) {
                stopped = true;
                fail(s, e.getMessage());
            }
        }

        private void pause(byte[] wire) {
            parked = wire;
            paused = true;
            stream.config().setAutoRead(false);
            listener.whenReady(this::resumeOnEventLoop);
        }

        private void resumeOnEventLoop() {
            try {
                stream.eventLoop().execute(this::resume);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the client was closed while paused: nothing left to resume
            }
        }

        /** Frames received before the stream closed are still delivered. */
        private void resume() {
            paused = false;
            decodeAvailable();
            if (paused) {
                return;
            }
            if (inactive) {
                splitter.release();
            } else if (!stopped) {
                stream.config().setAutoRead(true); // also issues a read
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            signalWritability();
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
            if (!paused) {
                splitter.release(); // when paused, resume() delivers the rest first
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(s, "stream error: " + cause);
        }
    }
}
