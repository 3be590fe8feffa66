package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.Internal;

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
    private long droppedSinceLog;
    private long droppedInOutage;
    private long lastLogNanos;

    DropLog(String sink) {
        this.sink = sink;
    }

    void dropped(ZipperConnection connection) {
        droppedSinceLog++;
        long now = System.nanoTime();
        if (droppedInOutage++ == 0 || now - lastLogNanos >= INTERVAL_NANOS) {
            LOG.warn(
                    "YoMo sink {} cannot reach its zipper, {}; dropped {} record(s) (outage policy"
                            + " DROP)",
                    sink,
                    connection.outageReason(),
                    droppedSinceLog);
            droppedSinceLog = 0;
            lastLogNanos = now;
        }
    }

    void delivered() {
        if (droppedInOutage > 0) {
            LOG.info(
                    "YoMo sink {} writes again after dropping {} record(s)", sink, droppedInOutage);
            droppedInOutage = 0;
            droppedSinceLog = 0;
        }
    }
}
