package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.FrameCodec;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The listener's acknowledging sessions by producer id: grants acknowledgements at the handshake
 * (asking the {@link ProducerPositions} for ResumeAfter) and routes {@link
 * YomoListener#acknowledge} to the producer's current session. At most one session per producer: a
 * second connection with the same producer id wins and the older one is closed, because the older
 * one is usually a connection the device has already given up on (a network change) that would
 * otherwise hold the producer until its idle timeout. Thread-safe; connections of one listener live
 * on several event loops.
 */
final class ProducerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerRegistry.class);

    private final ProducerPositions positions;
    private final ConcurrentMap<String, ServerAckSession> sessions = new ConcurrentHashMap<>();

    /** {@code positions} null: acknowledgements are never granted. */
    ProducerRegistry(ProducerPositions positions) {
        this.positions = positions;
    }

    boolean grantsAcknowledgements() {
        return positions != null;
    }

    /**
     * Event loop, at an acknowledging handshake: the session, registered as the producer's current
     * one. Throws what the positions throw (the caller closes the connection).
     */
    ServerAckSession open(
            String producerId, ServerConnection conn, Channel stream, FrameCodec codec) {
        long resumeAfter = positions.resumeAfter(producerId);
        ServerAckSession session =
                new ServerAckSession(producerId, conn, stream, codec, resumeAfter);
        ServerAckSession older = sessions.put(producerId, session);
        if (older != null) {
            String remote = String.valueOf(conn.channel.remoteSocketAddress());
            LOG.info(
                    "{}: producer {} connected again from {}; closing its older connection {}",
                    conn.context.name(),
                    LogSafe.quote(producerId),
                    remote,
                    older.conn.describe());
            older.supersede(remote);
        }
        return session;
    }

    /** The session ended: it stops receiving Acks (unless a newer one replaced it already). */
    void closed(ServerAckSession session) {
        sessions.remove(session.producerId, session);
    }

    /** Any thread: an Ack to the producer's current session, if it has one. */
    void acknowledge(String producerId, long durable) {
        ServerAckSession s = sessions.get(producerId);
        if (s != null) {
            s.acknowledgeLater(durable);
        }
    }
}
