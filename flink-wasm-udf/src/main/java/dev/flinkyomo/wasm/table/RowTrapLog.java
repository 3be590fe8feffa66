package dev.flinkyomo.wasm.table;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;

/**
 * The WARN of a Wasm SQL function whose guest trapped on a row under {@code 'on-error' = 'null'}:
 * the first at once, then at most one line per {@value #INTERVAL_SECONDS} s with the count of those
 * not logged, since a guest that traps on every row of a stream would otherwise write a line per
 * row. Not serializable: a function creates it on first use, on its task.
 */
@Internal
final class RowTrapLog {

    static final long INTERVAL_SECONDS = 10;

    private final Logger log;
    private final String what;
    private final LogThrottle throttle =
            new LogThrottle(TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS));

    /**
     * @param what the start of the line, e.g. "Wasm function f returned NULL"
     */
    RowTrapLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void trapped(Exception e) {
        long skipped = throttle.admit();
        if (skipped < 0) {
            return;
        }
        log.warn(
                "{} after: {}{}",
                what,
                LogSafe.quote(e.getMessage(), LogSafe.MESSAGE_CHARS),
                skipped == 0 ? "" : " (" + skipped + " more since the last such line, not logged)");
    }
}
