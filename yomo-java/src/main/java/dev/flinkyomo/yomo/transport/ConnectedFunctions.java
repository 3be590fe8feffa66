package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.protocol.DataFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream functions (client type 0x5D) connected to one listener, and the routing of frames to
 * them by YoMo's rule: every connected function that observes the frame's tag gets it, unless the
 * frame names a target other than the function's wanted one (yomo v1.18's default router does the
 * same). Frames written back by a function arrive in the listener's queue like a source's.
 *
 * <p>{@link #deliver} blocks while a receiving function's stream is full (backpressure on the
 * caller, as a YoMo zipper's routing waits on a slow function); a function that takes nothing for
 * the {@code function-write-timeout} is closed (it may reconnect) so that one stuck function never
 * stops the others. Frames whose tag no connected function observes go nowhere, as in YoMo.
 */
@PublicEvolving
public final class ConnectedFunctions {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectedFunctions.class);

    private final String listenerName;
    private final Duration writeTimeout;
    private final CopyOnWriteArrayList<FunctionSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong closedAsTooSlow = new AtomicLong();

    ConnectedFunctions(String listenerName, Duration writeTimeout) {
        this.listenerName = listenerName;
        this.writeTimeout = writeTimeout;
    }

    /**
     * Writes {@code frame} to every connected function that takes it (see the class comment);
     * returns how many did. {@code target} is the frame's {@code yomo-target}, null or empty for
     * none. Any thread; one caller at a time keeps each function's frames in the caller's order.
     */
    public int deliver(DataFrame frame, String target) throws InterruptedException {
        int delivered = 0;
        for (FunctionSession s : sessions) {
            if (!s.accepts(frame.tag(), target)) {
                continue;
            }
            long deadline = System.nanoTime() + writeTimeout.toNanos();
            if (s.awaitWritable(deadline)) {
                s.write(frame);
                delivered++;
            } else if (!s.ended()) {
                closedAsTooSlow.incrementAndGet();
                LOG.warn(
                        "{}: closing stream function {}: it read nothing for {} ms",
                        listenerName,
                        s.info,
                        writeTimeout.toMillis());
                sessions.remove(s);
                s.closeAsTooSlow(writeTimeout.toMillis());
            }
        }
        return delivered;
    }

    /** Whether some connected function observes {@code tag} (whatever its target). */
    public boolean observes(long tag) {
        for (FunctionSession s : sessions) {
            if (s.observedTags.contains(tag)) {
                return true;
            }
        }
        return false;
    }

    /** The functions connected now. */
    public List<ConnectedFunction> connected() {
        return sessions.stream().map(FunctionSession::describe).toList();
    }

    public int size() {
        return sessions.size();
    }

    /** Functions closed because they read nothing for the write timeout. */
    public long closedAsTooSlow() {
        return closedAsTooSlow.get();
    }

    void added(FunctionSession s) {
        sessions.add(s);
        LOG.info(
                "{}: stream function {} connected, observing {}{}",
                listenerName,
                s.info,
                s.observedTags.stream().map(Tag::format).toList(),
                s.wantedTarget.isEmpty() ? "" : ", wanted target " + LogSafe.quote(s.wantedTarget));
    }

    void removed(FunctionSession s) {
        s.end();
        sessions.remove(s);
    }
}
