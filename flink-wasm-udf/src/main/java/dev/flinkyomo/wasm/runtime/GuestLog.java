package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A guest's stdout or stderr as an {@link OutputStream}: lines go to SLF4J logger {@code
 * dev.flinkyomo.wasm.guest.<module>} (stdout at INFO, stderr at WARN). Lines are cut at {@link
 * #MAX_LINE} bytes and a module may log at most a fixed number of bytes per minute, so a chatty or
 * hostile guest cannot flood the task log. Control characters are escaped ({@link LogSafe}).
 */
@Internal
public final class GuestLog extends OutputStream {

    public static final int MAX_LINE = 1024;
    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final Logger log;
    private final String prefix;
    private final boolean error;
    private final int bytesPerWindow;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long windowStart = System.nanoTime();
    private long usedInWindow;
    private long suppressed;

    public GuestLog(String moduleName, boolean error, int bytesPerMinute) {
        this.log =
                LoggerFactory.getLogger(
                        "dev.flinkyomo.wasm.guest." + moduleName.replaceAll("[^A-Za-z0-9_-]", "_"));
        this.prefix = "[" + moduleName + (error ? " stderr] " : " stdout] ");
        this.error = error;
        this.bytesPerWindow = bytesPerMinute;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    /** Bytes logged in the current one-minute window. */
    synchronized long loggedBytes() {
        return usedInWindow;
    }

    /** Bytes dropped in the current window because the budget was used up. */
    synchronized long suppressedBytes() {
        return suppressed;
    }

    private void flushLine() {
        long now = System.nanoTime();
        if (now - windowStart > WINDOW_NANOS) {
            if (suppressed > 0) {
                log.warn(
                        "{}{} bytes of guest output suppressed in the last minute",
                        prefix,
                        suppressed);
            }
            windowStart = now;
            usedInWindow = 0;
            suppressed = 0;
        }
        int size = line.size();
        if (usedInWindow + size > bytesPerWindow) {
            suppressed += size;
        } else {
            usedInWindow += size;
            // the guest's bytes, often echoing device data: no raw CR, ESC or other control
            // character reaches the task log
            String text = LogSafe.escape(line.toString(StandardCharsets.UTF_8), MAX_LINE);
            if (error) {
                log.warn("{}{}", prefix, text);
            } else {
                log.info("{}{}", prefix, text);
            }
        }
        line.reset();
    }
}
