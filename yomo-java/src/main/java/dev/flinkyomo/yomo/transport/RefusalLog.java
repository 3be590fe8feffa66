package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Logs a listener's per-connection warnings (refusals by a limit, rejected handshakes, connections
 * closed for bad input) at most once per {@value #INTERVAL_SECONDS} s for each kind, with the count
 * of those not logged: a flood of connections is thousands of them a second, and its log lines
 * would bury everything else. One throttle per kind, so a flood of one kind does not hide the first
 * warning of another.
 */
final class RefusalLog {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    static final long INTERVAL_SECONDS = 10;

    private final String listener;
    private final Map<Refusal.Limit, LogThrottle> throttles = new EnumMap<>(Refusal.Limit.class);
    private final LogThrottle rejections = newThrottle();
    private final LogThrottle closings = newThrottle();
    private final LogThrottle vanished = newThrottle();

    RefusalLog(String listener) {
        this.listener = listener;
        for (Refusal.Limit limit : Refusal.Limit.values()) {
            throttles.put(limit, newThrottle());
        }
    }

    private static LogThrottle newThrottle() {
        return new LogThrottle(TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS));
    }

    /** A handshake refused by the validator (wrong token, version); {@code client} is escaped. */
    void rejected(String client, SocketAddress peer, String reason) {
        long skipped = rejections.admit();
        if (skipped >= 0) {
            LOG.warn(
                    "{}: rejected handshake of {} from {}: {}{}",
                    listener,
                    client,
                    peer,
                    reason,
                    notLogged(skipped, "handshakes rejected"));
        }
    }

    /** A connection closed for bad input; {@code connection} is escaped. */
    void closing(String connection, String reason) {
        long skipped = closings.admit();
        if (skipped >= 0) {
            LOG.warn(
                    "{}: closing connection from {}: {}{}",
                    listener,
                    connection,
                    reason,
                    notLogged(skipped, "connections closed"));
        }
    }

    /**
     * A connection that ended in the middle of a frame ({@code connection} is escaped): a device
     * losing power does this, and so can a flood of connections, hence the throttle.
     */
    void vanishedMidFrame(String connection, int bytes, long streamOffset) {
        long skipped = vanished.admit();
        if (skipped >= 0) {
            LOG.warn(
                    "{}: {} vanished mid-frame: {} bytes of an incomplete frame at stream offset"
                            + " {} discarded{}",
                    listener,
                    connection,
                    bytes,
                    streamOffset,
                    notLogged(skipped, "connections ended mid-frame"));
        }
    }

    private static String notLogged(long skipped, String what) {
        return skipped == 0
                ? ""
                : " (" + skipped + " more " + what + " since the last such line, not logged)";
    }

    void log(SocketAddress peer, Refusal refusal) {
        long skipped = throttles.get(refusal.limit()).admit();
        if (skipped < 0) {
            return;
        }
        if (skipped == 0) {
            LOG.warn("{}: refused connection from {}: {}", listener, peer, refusal.reason());
        } else {
            LOG.warn(
                    "{}: refused connection from {}: {} ({} more refused for this limit since the last such"
                            + " line, not logged)",
                    listener,
                    peer,
                    refusal.reason(),
                    skipped);
        }
    }
}
