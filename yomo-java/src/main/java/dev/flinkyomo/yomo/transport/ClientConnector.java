package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.Ids;
import dev.flinkyomo.yomo.protocol.ConnectToFrame;
import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.GoawayFrame;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.RejectedFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Connection attempts of a {@link YomoClient}: dials, opens the session stream, sends the handshake
 * and acts on the answer (HandshakeAck: connected; Rejected: stop for good; ConnectTo: redial
 * there), and on the zipper's later control frames (Rejected, Goaway). Outcomes go to the {@link
 * ClientLifecycle}, which decides whether to redial. Runs on the client's event loop; only {@link
 * #current()} is read from other threads.
 */
final class ClientConnector {

    /** Logs as YomoClient, the name users know the client by. */
    private static final Logger LOG = LoggerFactory.getLogger(YomoClient.class);

    private final ClientOptions options;
    private final YomoClientListener listener;
    private final ClientLifecycle lifecycle;
    private final FrameCodec codec;
    private final String baseId;
    private ClientEventLoop eventLoop;
    private volatile ClientSession session;
    private int attempt;

    ClientConnector(ClientOptions options, YomoClientListener listener, ClientLifecycle lifecycle) {
        this.options = options;
        this.listener = listener;
        this.lifecycle = lifecycle;
        this.codec = options.generation().codec();
        this.baseId = options.id() != null ? options.id() : Ids.newClientId();
    }

    /** The client started: connections go out through this event loop's socket. */
    void attach(ClientEventLoop loop) {
        this.eventLoop = loop;
    }

    /** The latest connection attempt, or null before the first. */
    ClientSession current() {
        return session;
    }

    FrameCodec codec() {
        return codec;
    }

    void dial(InetSocketAddress endpoint) {
        if (lifecycle.stopped()) {
            return;
        }
        ClientSession s =
                new ClientSession(
                        endpoint, options.id() != null ? options.id() : baseId + "-" + attempt++);
        session = s;
        eventLoop
                .newConnection(endpoint)
                .handler(new ClientConnectionEvents(s, lifecycle::peerClosed))
                .streamHandler(new ChannelInboundHandlerAdapter())
                .option(
                        ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) options.handshakeTimeout().toMillis())
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
                                                        : eventLoop
                                                                .tls()
                                                                .describeFailure(
                                                                        endpoint, f.cause())));
                                return;
                            }
                            s.quic = (QuicChannel) f.getNow();
                            QuicKeepAlive.start(s.quic, options.keepAlive(), options.idleTimeout());
                            s.quic.closeFuture().addListener(cf -> lost(s, s.describeClose()));
                            openStream(s);
                        });
    }

    private void openStream(ClientSession s) {
        s.quic.createStream(
                        QuicStreamType.BIDIRECTIONAL,
                        new ChannelInitializer<QuicStreamChannel>() {
                            @Override
                            protected void initChannel(QuicStreamChannel ch) {
                                ch.pipeline()
                                        .addLast(
                                                new WriteCoalescer(),
                                                new ClientStreamHandler(
                                                        s,
                                                        ClientConnector.this,
                                                        codec,
                                                        listener,
                                                        options.maxFrameSize(),
                                                        lifecycle::writabilityChanged));
                            }
                        })
                .addListener(
                        sf -> {
                            if (!sf.isSuccess()) {
                                fail(s, "cannot open the stream: " + sf.cause());
                                return;
                            }
                            s.stream = (QuicStreamChannel) sf.getNow();
                            sendHandshake(s);
                        });
    }

    private void sendHandshake(ClientSession s) {
        HandshakeFrame h =
                HandshakeFrame.of(options.name(), s.id, options.clientType())
                        .withObserveDataTags(options.observeDataTags());
        if (options.credential() != null) {
            h = h.withCredential(options.credential());
        }
        s.stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(h)));
        if (codec.generation() == ProtocolGeneration.LEGACY_2021) {
            lifecycle.connected(s); // a v1.5 zipper answers nothing
            return;
        }
        long ms = options.handshakeTimeout().toMillis();
        s.deadline =
                loop().schedule(
                                () -> {
                                    if (!s.connected && session == s) {
                                        fail(s, "no handshake answer within " + ms + " ms");
                                    }
                                },
                                ms,
                                TimeUnit.MILLISECONDS);
    }

    /** A frame from the zipper other than a data frame of a connected session. */
    void onControlFrame(ClientSession s, Frame f) {
        if (!s.connected) {
            if (f == HandshakeAckFrame.INSTANCE) {
                lifecycle.connected(s);
            } else if (f instanceof RejectedFrame r) {
                lifecycle.rejected(s, r.message());
            } else if (f instanceof ConnectToFrame c) {
                redirect(s, c.endpoint());
            } else {
                fail(
                        s,
                        "read unexpected frame "
                                + f.type().frameName()
                                + " before the handshake answer");
            }
        } else if (f instanceof RejectedFrame r) {
            lifecycle.rejected(s, r.message());
        } else if (f instanceof GoawayFrame g) {
            LOG.info("YoMo client '{}': peer sent Goaway: {}", options.name(), g.message());
            QuicClose.close(s.quic, "goaway acknowledged");
        } else {
            fail(s, "read unexpected frame " + f.type().frameName());
        }
    }

    private void redirect(ClientSession s, String endpoint) {
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

    /** Closes the session's connection with the reason (its loss is reported when it is closed). */
    void fail(ClientSession s, String reason) {
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

    /** Once per session; only the current one's loss reaches the lifecycle (and may redial). */
    private void lost(ClientSession s, String reason) {
        if (s.lost) {
            return;
        }
        s.lost = true;
        s.cancelDeadline();
        s.ended(reason);
        if (s.superseded || session != s) {
            return;
        }
        lifecycle.lost(s, reason, this::redial);
    }

    private void redial(InetSocketAddress endpoint, long delayMillis) {
        loop().schedule(() -> dial(endpoint), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Closes the current connection, if open; on the event loop. */
    void closeCurrent(String reason) {
        ClientSession s = session;
        if (s != null && s.quic != null && s.quic.isActive()) {
            QuicClose.close(s.quic, reason);
        }
    }

    private EventLoop loop() {
        return eventLoop.loop();
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
}
