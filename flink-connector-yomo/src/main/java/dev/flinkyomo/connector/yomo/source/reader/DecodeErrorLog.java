package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limited WARN lines for frames that did not decode: the first at once, then at most one per
 * {@link #INTERVAL_NANOS} with the count since the last line, so a device sending garbage at
 * thousands of frames per second cannot flood the log. Client names and ids are chosen by the
 * remote client, so they are escaped and truncated ({@link LogSafe}) before they reach the log.
 * Source thread only.
 */
@Internal
final class DecodeErrorLog {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeErrorLog.class);

    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final String source;
    private final LogThrottle throttle = new LogThrottle(INTERVAL_NANOS);

    DecodeErrorLog(String source) {
        this.source = source;
    }

    void refused(YomoRecord frame, DecodeErrorPolicy policy, String error) {
        long suppressed = throttle.admit();
        if (suppressed < 0) {
            return;
        }
        LOG.warn(
                "YoMo source {}: payload of tag {} from client {} (id {}) does not decode"
                        + " ({} per 'scan.decode-errors' = '{}'; {} more refused since the last"
                        + " such line): {}",
                source,
                Tag.format(frame.getTag()),
                LogSafe.quote(frame.getClientName()),
                LogSafe.quote(frame.getClientId()),
                policy == DecodeErrorPolicy.SKIP ? "skipped" : "emitted as a dead letter",
                policy,
                suppressed,
                LogSafe.quote(error, LogSafe.MESSAGE_CHARS));
    }
}
