package dev.flinkyomo.yomo.transport;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import io.netty.handler.codec.quic.QuicTransportParameters;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * QUIC keep-alive for Netty, whose QUIC codec has no PING call: a one-byte DATAGRAM frame is just
 * as ack-eliciting. Only sent when the peer negotiated DATAGRAM support, which Netty announces with
 * a {@link QuicDatagramExtensionEvent} before channelActive (the connection handler passes it to
 * {@link #onUserEvent}). Our own endpoints negotiate it; quic-go peers (YoMo) do not, and a
 * DATAGRAM frame they never agreed to ends the connection. Those peers send their own keep-alive
 * PINGs at half the negotiated idle timeout, which keeps both sides alive. Our period is capped the
 * same way.
 */
final class QuicKeepAlive {

    private static final Logger LOG = LoggerFactory.getLogger(QuicKeepAlive.class);

    /** Receive/send queue lengths for DATAGRAM frames; only keep-alives travel there. */
    static final int DATAGRAM_QUEUE = 8;

    private static final AttributeKey<Boolean> DATAGRAM_SUPPORTED =
            AttributeKey.valueOf(QuicKeepAlive.class, "datagramSupported");

    private QuicKeepAlive() {}

    /** Call from the QuicChannel handler's userEventTriggered; true when the event was consumed. */
    static boolean onUserEvent(QuicChannel channel, Object event) {
        if (event instanceof QuicDatagramExtensionEvent) {
            channel.attr(DATAGRAM_SUPPORTED).set(Boolean.TRUE);
            return true;
        }
        return false;
    }

    static void start(QuicChannel channel, Duration period, Duration ownIdleTimeout) {
        start(channel, period, ownIdleTimeout, () -> 0L); // never heard: always ping
    }

    /**
     * As {@link #start(QuicChannel, Duration, Duration)}, but a period in which the peer was heard
     * from less than half a period ago sends nothing: the peer's own packets (and the ACKs they
     * draw) already keep both idle timers alive, so the ping would be redundant. A listener's quiet
     * devices sending a frame a second then cost no pings at all; measured with
     * ConnectionScaleBenchmark (1,000 devices, 2-core machine under load), pinging every connection
     * every 2 s regardless cost the listener about 10% of a core per 1,000 connections, half of its
     * CPU with the devices sending. A silent peer is still pinged within 1.5 periods of its last
     * packet, inside the idle timeout (the period is at most half of it).
     *
     * @param lastHeardMillis when the peer was last heard from ({@link System#currentTimeMillis})
     */
    static void start(
            QuicChannel channel,
            Duration period,
            Duration ownIdleTimeout,
            LongSupplier lastHeardMillis) {
        if (!Boolean.TRUE.equals(channel.attr(DATAGRAM_SUPPORTED).get())) {
            LOG.debug(
                    "peer {} has no DATAGRAM support; relying on its own keep-alive",
                    channel.remoteSocketAddress());
            return;
        }
        long idle = ownIdleTimeout.toMillis();
        QuicTransportParameters peer = channel.peerTransportParameters();
        if (peer != null && peer.maxIdleTimeout() > 0) {
            idle = Math.min(idle, peer.maxIdleTimeout());
        }
        long every = Math.max(100, Math.min(period.toMillis(), idle / 2));
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] =
                channel.eventLoop()
                        .scheduleAtFixedRate(
                                () -> {
                                    if (!channel.isActive()
                                            || System.currentTimeMillis()
                                                            - lastHeardMillis.getAsLong()
                                                    < every / 2) {
                                        return;
                                    }
                                    // Netty does not report the peer's max_datagram_frame_size; a
                                    // failed send
                                    // means the peer has no DATAGRAM support, so stop trying
                                    channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[1]))
                                            .addListener(
                                                    f -> {
                                                        if (!f.isSuccess()) {
                                                            LOG.debug(
                                                                    "no DATAGRAM keep-alive to {}: {}",
                                                                    channel.remoteSocketAddress(),
                                                                    f.cause().toString());
                                                            task[0].cancel(false);
                                                        }
                                                    });
                                },
                                every,
                                every,
                                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> task[0].cancel(false));
    }
}
