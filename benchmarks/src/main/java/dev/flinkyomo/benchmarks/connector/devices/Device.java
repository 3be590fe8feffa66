package dev.flinkyomo.benchmarks.connector.devices;

import dev.flinkyomo.y3.Y3PacketReader;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.RejectedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated YoMo source (client type 0x5F) on a socket it shares with other devices: dials,
 * does the real handshake (token credential, HandshakeAck awaited), then writes one data frame per
 * tick while connected, and redials whenever the connection ends. Everything runs on the socket's
 * event loop, so no locking.
 *
 * <p>Redials follow the transport's {@code YomoClient} (its {@code ReconnectBackoff} with the
 * default options): 100 ms after a loss, doubling with every failed attempt up to 5 s, each delay
 * drawn from the upper half of its range, and back to 100 ms once a handshake is acknowledged. A
 * first version redialled after a flat 1-2 s; on the loaded 2-core machine 5,000 devices then kept
 * about 500 dials a second in flight that timed out, and fewer than 1,100 ever connected.
 */
final class Device {

    private static final FrameCodec CODEC = ProtocolGeneration.FINAL.codec();
    private static final long INITIAL_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final int index;
    private final Channel socket;
    private final InetSocketAddress target;
    private final String credential;
    private final FleetCounters counters;
    private final byte[] metadata;
    private int attempt;
    private int sequence;
    private QuicChannel quic;
    private QuicStreamChannel stream;
    private boolean connected;
    private int connectionEpoch = -1;
    private boolean stopped;
    private long backoffMillis = INITIAL_BACKOFF_MILLIS;

    Device(
            int index,
            Channel socket,
            InetSocketAddress target,
            String credential,
            FleetCounters counters) {
        this.index = index;
        this.socket = socket;
        this.target = target;
        this.credential = credential;
        this.counters = counters;
        this.metadata = MetadataCodec.encode(Map.of("yomo-source-id", name()));
    }

    String name() {
        return "device-" + index;
    }

    /** Starts dialling after {@code delayMillis}; on the socket's event loop. */
    void start(long delayMillis) {
        socket.eventLoop().schedule(this::dial, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void dial() {
        if (stopped) {
            return;
        }
        counters.dials.increment();
        QuicChannel.newBootstrap(socket)
                .handler(new ConnectionEvents())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(target)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .connect()
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                counters.failedToConnect(f.cause());
                                retry(false);
                                return;
                            }
                            quic = (QuicChannel) f.getNow();
                            quic.closeFuture().addListener(c -> lost());
                            quic.createStream(QuicStreamType.BIDIRECTIONAL, new AnswerReader())
                                    .addListener(
                                            sf -> {
                                                if (sf.isSuccess()) {
                                                    stream = (QuicStreamChannel) sf.getNow();
                                                    stream.writeAndFlush(handshake());
                                                } else {
                                                    quic.close();
                                                }
                                            });
                        });
    }

    private ByteBuf handshake() {
        HandshakeFrame h =
                HandshakeFrame.of(name(), name() + "-" + attempt++, ClientType.SOURCE)
                        .withCredential(credential);
        return Unpooled.wrappedBuffer(CODEC.encode(h));
    }

    /** One tick: a frame if connected (counted as sent once QUIC has taken it). */
    void tick() {
        if (!connected) {
            return;
        }
        if (!stream.isWritable()) {
            counters.notWritable.increment();
            return;
        }
        DataFrame frame =
                new DataFrame(DevicePayload.TAG, metadata, DevicePayload.of(index, sequence++));
        stream.writeAndFlush(Unpooled.wrappedBuffer(CODEC.encode(frame)), stream.voidPromise());
        counters.sentOn(connectionEpoch);
    }

    private void onFrame(Frame f) {
        if (f instanceof HandshakeAckFrame && !connected) {
            connected = true;
            backoffMillis = INITIAL_BACKOFF_MILLIS;
            connectionEpoch = counters.epoch();
            counters.handshakes.increment();
            counters.connected.incrementAndGet();
            counters.connectedThisEpoch.incrementAndGet();
        } else if (f instanceof RejectedFrame) {
            quic.close(); // the listener closes it too; counted as refused when it ends
        }
    }

    private void lost() {
        boolean wasConnected = connected;
        connected = false;
        stream = null;
        quic = null;
        if (wasConnected) {
            counters.connected.decrementAndGet();
            if (connectionEpoch == counters.epoch()) {
                counters.connectedThisEpoch.decrementAndGet();
            }
        }
        retry(wasConnected);
    }

    private void retry(boolean afterLoss) {
        if (stopped) {
            return;
        }
        if (!afterLoss) {
            counters.refused.increment();
        }
        long half = backoffMillis / 2;
        long delay = half + ThreadLocalRandom.current().nextLong(backoffMillis - half + 1);
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        socket.eventLoop().schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    }

    /** Closes the connection and stops redialling; on the socket's event loop. */
    void stop() {
        stopped = true;
        if (quic != null) {
            quic.close();
        }
    }

    /**
     * The connection's own events: the listener's keep-alive DATAGRAMs (dropped) and its
     * CONNECTION_CLOSE, whose reason is counted (a refusal names the limit).
     */
    private final class ConnectionEvents extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicConnectionCloseEvent e) {
                counters.closedBy(new String(e.reason(), StandardCharsets.UTF_8));
                if (quic == null) {
                    ctx.close(); // refused in the QUIC handshake: fail the attempt now
                }
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** The listener's frames on the session stream: HandshakeAck or Rejected. */
    private final class AnswerReader extends ChannelInboundHandlerAdapter {
        private final Y3PacketReader reader = new Y3PacketReader(64 * 1024);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                reader.feed(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
            for (byte[] packet = reader.next(); packet != null; packet = reader.next()) {
                onFrame(CODEC.decode(packet));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.channel().parent().close();
        }
    }
}
