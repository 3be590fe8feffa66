package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.Ids;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.AckFrame;
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
import java.util.regex.Pattern;

/**
 * Connection attempts of a {@link YomoClient}: dials, opens the session stream, sends the handshake
 * and acts on the answer (HandshakeAck: connected; Rejected: stop for good; ConnectTo: redial there
 * unless the {@link RedirectPolicy} refuses), and on the zipper's later control frames (Rejected,
 * Goaway). Outcomes go to the {@link ClientLifecycle}, which decides whether to redial; a redial
 * always goes to the configured zipper, never to a redirect target (a redirect answers one
 * handshake: the target may be gone, and the configured zipper decides anew). Runs on the client's
 * event loop; only {@link #current()} is read from other threads.
 */
final class ClientConnector {

    /** Logs as YomoClient, the name users know the client by. */
    private static final Logger LOG = LoggerFactory.getLogger(YomoClient.class);

    /** DNS names, IPv4 and IPv6 literals (with a zone after %): at most 253 characters. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");

    private final ClientOptions options;
    private final YomoClientListener listener;
    private final ClientLifecycle lifecycle;
    private final FrameCodec codec;
    private final String baseId;

    /** The acknowledgement extension, or null for a stock client. */
    private final ClientAcks acks;

    private ClientEventLoop eventLoop;
    private RedirectPolicy redirects;
    private volatile ClientSession session;
    private int attempt;

    ClientConnector(
            ClientOptions options,
            YomoClientListener listener,
            ClientLifecycle lifecycle,
            ClientAcks acks) {
        this.acks = acks;
        this.options = options;
        this.listener = listener;
        this.lifecycle = lifecycle;
        this.codec = options.generation().codec();
        this.baseId = options.id() != null ? options.id() : Ids.newClientId();
    }

    /** The client started: connections go out through this event loop's socket. */
    void attach(ClientEventLoop loop) {
        this.eventLoop = loop;
        this.redirects = new RedirectPolicy(options, loop.tls().verifiesPeer());
    }

    /** The latest connection attempt, or null before the first. */
    ClientSession current() {
        return session;
    }

    FrameCodec codec() {
        return codec;
    }

    /** Dials the configured zipper (resolving its name anew); a new chain of redirects begins. */
    void dialHome() {
        redirects.reset();
        dial(new InetSocketAddress(options.host(), options.port()));
    }

    private void dial(InetSocketAddress endpoint) {
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
                                // a stream this side opens gets Netty's default allocator
                                ch.config().setAllocator(QuicAllocator.ALLOCATOR);
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
                        .withObserveDataTags(options.observeDataTags())
                        .withWantedTarget(options.wantedTarget());
        if (options.credential() != null) {
            h = h.withCredential(options.credential());
        }
        if (acks != null) {
            h = acks.ask(h);
        }
        s.stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(h)));
        if (codec.generation() == ProtocolGeneration.LEGACY_2021) {
            connected(s); // a v1.5 zipper answers nothing
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
            if (f instanceof HandshakeAckFrame a) {
                handshakeAcknowledged(s, a);
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
        } else if (f instanceof AckFrame a && acks != null && acks.granted()) {
            acks.acknowledged(a);
            lifecycle.writabilityChanged(); // room in the buffer
        } else if (f instanceof GoawayFrame g) {
            LOG.info(
                    "YoMo client {}: {} sent Goaway: {}",
                    LogSafe.quote(options.name()),
                    s.endpoint,
                    LogSafe.quote(g.message(), LogSafe.MESSAGE_CHARS));
            QuicClose.close(s.quic, "goaway acknowledged");
        } else {
            fail(s, "read unexpected frame " + f.type().frameName());
        }
    }

    private void handshakeAcknowledged(ClientSession s, HandshakeAckFrame a) {
        if (acks != null) {
            String refusal = acks.connected(s, a);
            if (refusal != null) {
                lifecycle.acknowledgementsRefused(s, refusal);
                return;
            }
        }
        connected(s);
    }

    private void connected(ClientSession s) {
        redirects.reset();
        lifecycle.connected(s);
    }

    private void redirect(ClientSession s, String endpoint) {
        InetSocketAddress target;
        try {
            target = parseEndpoint(endpoint);
        } catch (IllegalArgumentException e) {
            fail(s, "ConnectTo with a bad endpoint: " + e.getMessage());
            return;
        }
        s.cancelDeadline();
        String refusal = redirects.refusal(s.endpoint, target);
        if (refusal != null) {
            // closing reports the loss to the lifecycle, which redials the configured zipper
            // after the backoff
            LOG.warn("YoMo client {}: {}", LogSafe.quote(options.name()), refusal);
            s.localCloseReason = "redirect refused";
            QuicClose.close(s.quic, "redirect refused");
            return;
        }
        LOG.info(
                "YoMo client {}: {} redirects to {} (redirect {} in a row, at most {})",
                LogSafe.quote(options.name()),
                s.endpoint,
                target,
                redirects.inARow(),
                options.maxRedirects());
        s.superseded = true;
        QuicClose.close(s.quic, "redirected to " + endpoint);
        dial(target);
    }

    /** Closes the session's connection with the reason (its loss is reported when it is closed). */
    void fail(ClientSession s, String reason) {
        LOG.warn(
                "YoMo client {}: closing connection to {}: {}",
                LogSafe.quote(options.name()),
                s.endpoint,
                reason);
        s.localCloseReason = reason;
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
        if (acks != null) {
            acks.lost(s);
        }
        s.ended(reason);
        if (s.superseded || session != s) {
            return;
        }
        lifecycle.lost(s, reason, this::redialHome);
    }

    private void redialHome(long delayMillis) {
        loop().schedule(this::dialHome, delayMillis, TimeUnit.MILLISECONDS);
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

    /**
     * A ConnectTo endpoint {@code host:port}, the host a DNS name or an IP literal ({@code [::1]}
     * bracketed or not). Other characters are refused: the endpoint is the zipper's choice and ends
     * up in log lines and TLS host checks.
     */
    static InetSocketAddress parseEndpoint(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new IllegalArgumentException(
                    "expected host:port, got " + LogSafe.quote(endpoint));
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(
                    "expected a host name or IP address before the port, got "
                            + LogSafe.quote(endpoint));
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + LogSafe.quote(endpoint));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in " + LogSafe.quote(endpoint));
        }
        return new InetSocketAddress(host, port);
    }
}
