package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limited WARN lines for frames that did not decode: the first at once, then at most one per
 * {@link #INTERVAL_NANOS} with the count since the last line, so a device sending garbage at
 * thousands of frames per second cannot flood the log. Client names and ids are chosen by the
 * remote client, so they are escaped and truncated before they reach the log. Source thread only.
 */
@Internal
final class DecodeErrorLog {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeErrorLog.class);

    static final long INTERVAL_NANOS = 10_000_000_000L;
    static final int MAX_CLIENT_STRING = 64;
    static final int MAX_ERROR = 512;

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
                "YoMo source {}: payload of tag {} from client '{}' (id '{}') does not decode"
                        + " ({} per 'scan.decode-errors' = '{}'; {} more refused since the last"
                        + " such line): {}",
                source,
                Tag.format(frame.getTag()),
                printable(frame.getClientName(), MAX_CLIENT_STRING),
                printable(frame.getClientId(), MAX_CLIENT_STRING),
                policy == DecodeErrorPolicy.SKIP ? "skipped" : "emitted as a dead letter",
                policy,
                suppressed,
                printable(error, MAX_ERROR));
    }

    /**
     * {@code s} with control and non-ASCII characters as {@code \\u} and four hex digits, cut to
     * {@code max} chars.
     */
    static String printable(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() >= max) {
                return sb.append("...(").append(s.length()).append(" chars)").toString();
            }
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
