package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Logs a listener's refusals at most once per {@value #INTERVAL_SECONDS} s for each limit, with the
 * count of those not logged: a flood of connections is thousands of refusals a second, and its log
 * lines would bury everything else. One throttle per limit, so a flood against one limit does not
 * hide the first refusal by another.
 */
final class RefusalLog {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    static final long INTERVAL_SECONDS = 10;

    private final String listener;
    private final Map<Refusal.Limit, LogThrottle> throttles = new EnumMap<>(Refusal.Limit.class);

    RefusalLog(String listener) {
        this.listener = listener;
        for (Refusal.Limit limit : Refusal.Limit.values()) {
            throttles.put(limit, new LogThrottle(TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS)));
        }
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
