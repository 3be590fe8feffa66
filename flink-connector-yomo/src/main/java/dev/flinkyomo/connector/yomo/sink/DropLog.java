package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limited logging of records dropped by {@link OutagePolicy#DROP}: the first drop of an outage
 * is logged at once, further ones at most every {@link #INTERVAL_NANOS} with the count since the
 * last line, and the end of the outage with its total, so a long outage does not flood the log.
 * Mailbox thread only.
 */
@Internal
final class DropLog {

    private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);

    static final long INTERVAL_NANOS = 30_000_000_000L;

    private final String sink;
    private final LogThrottle throttle = new LogThrottle(INTERVAL_NANOS);
    private long droppedInOutage;

    DropLog(String sink) {
        this.sink = sink;
    }

    void dropped(ZipperConnection connection) {
        if (droppedInOutage++ == 0) {
            throttle.restart(); // a new outage is logged at once
        }
        long unlogged = throttle.admit();
        if (unlogged >= 0) {
            LOG.warn(
                    "YoMo sink {} cannot reach its zipper, {}; dropped {} record(s) (outage policy"
                            + " DROP)",
                    sink,
                    connection.outageReason(),
                    unlogged + 1);
        }
    }

    void delivered() {
        if (droppedInOutage > 0) {
            LOG.info(
                    "YoMo sink {} writes again after dropping {} record(s)", sink, droppedInOutage);
            droppedInOutage = 0;
        }
    }
}
