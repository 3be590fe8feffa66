package dev.flinkyomo.connector.yomo.transport;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicTransportParameters;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIC keep-alive for Netty, whose QUIC codec has no PING call: a one-byte DATAGRAM frame is just
 * as ack-eliciting. Our own endpoints negotiate DATAGRAM support; quic-go peers (YoMo) do not,
 * the first send fails and the task stops, but they send their own keep-alive PINGs, which keep
 * both sides alive. The period is capped at half the negotiated idle timeout, as quic-go does.
 */
final class QuicKeepAlive {

    private static final Logger LOG = LoggerFactory.getLogger(QuicKeepAlive.class);

    /** Receive/send queue lengths for DATAGRAM frames; only keep-alives travel there. */
    static final int DATAGRAM_QUEUE = 8;

    private QuicKeepAlive() {}

    static void start(QuicChannel channel, Duration period, Duration ownIdleTimeout) {
        long idle = ownIdleTimeout.toMillis();
        QuicTransportParameters peer = channel.peerTransportParameters();
        if (peer != null && peer.maxIdleTimeout() > 0) {
            idle = Math.min(idle, peer.maxIdleTimeout());
        }
        long every = Math.max(100, Math.min(period.toMillis(), idle / 2));
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = channel.eventLoop().scheduleAtFixedRate(
                () -> {
                    if (!channel.isActive()) {
                        return;
                    }
                    // Netty does not report the peer's max_datagram_frame_size; a failed send
                    // means the peer has no DATAGRAM support, so stop trying
                    channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[1])).addListener(f -> {
                        if (!f.isSuccess()) {
                            LOG.debug("no DATAGRAM keep-alive to {}: {}", channel.remoteSocketAddress(), f.cause().toString());
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
