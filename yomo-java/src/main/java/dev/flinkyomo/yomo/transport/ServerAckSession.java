package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.AckFrame;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/**
 * The acknowledgement state of one connection whose handshake was granted acknowledgements: the
 * producer, the sequences accepted so far (for dropping resent duplicates) and the highest Ack
 * sent. Event-loop confined, except {@link #acknowledgeLater} which any thread may call.
 */
final class ServerAckSession {

    final String producerId;
    final ServerConnection conn;
    private final Channel stream;
    private final FrameCodec codec;
    private final long resumeAfter;

    /** The highest sequence accepted on this session, starting at ResumeAfter. */
    private long lastAccepted;

    /** The highest Durable sent on this session; never goes down. */
    private long durableSent;

    ServerAckSession(
            String producerId,
            ServerConnection conn,
            Channel stream,
            FrameCodec codec,
            long resumeAfter) {
        this.producerId = producerId;
        this.conn = conn;
        this.stream = stream;
        this.codec = codec;
        this.resumeAfter = resumeAfter;
        this.lastAccepted = resumeAfter;
    }

    long resumeAfter() {
        return resumeAfter;
    }

    /**
     * True if a frame with this sequence is new: above ResumeAfter and above every sequence this
     * session accepted before. A resent frame the receiver already emitted, or one out of order, is
     * a duplicate (ACKS.md, Session 4). Sequences are unsigned.
     */
    boolean accept(long sequence) {
        if (Long.compareUnsigned(sequence, lastAccepted) <= 0) {
            return false;
        }
        lastAccepted = sequence;
        return true;
    }

    /** From any thread: the Ack goes out on this connection's event loop. */
    void acknowledgeLater(long durable) {
        conn.channel.eventLoop().execute(() -> acknowledge(durable));
    }

    private void acknowledge(long durable) {
        if (conn.isClosing() || !stream.isActive()) {
            return; // the next handshake's ResumeAfter covers it
        }
        if (Long.compareUnsigned(durable, durableSent) <= 0) {
            return;
        }
        durableSent = durable;
        stream.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(new AckFrame(durable))));
    }

    /** The producer connected again on another connection: the newer one wins. */
    void supersede(String newRemote) {
        conn.channel
                .eventLoop()
                .execute(
                        () ->
                                conn.close(
                                        "producer "
                                                + LogSafe.quote(producerId)
                                                + " connected again from "
                                                + newRemote
                                                + "; the newer connection wins"));
    }
}
