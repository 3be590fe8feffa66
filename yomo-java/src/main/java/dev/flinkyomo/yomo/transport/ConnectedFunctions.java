package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.Routing;
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
 * <p>Where the listener holds the workflow's function list ({@link
 * ListenerOptions.Builder#workflowFunctions}, yomo v1.5 and v1.6 files), a function takes only
 * frames written before it in that order ({@link Routing#follows}), and functions are served in
 * list order, as yomo v1.6's router forwards "to all functions after the sender".
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
    private final List<String> workflowFunctions;
    private final CopyOnWriteArrayList<FunctionSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong closedAsTooSlow = new AtomicLong();

    ConnectedFunctions(String listenerName, Duration writeTimeout, List<String> workflowFunctions) {
        this.listenerName = listenerName;
        this.writeTimeout = writeTimeout;
        this.workflowFunctions = List.copyOf(workflowFunctions);
    }

    /**
     * The 1-based place of the function called {@code name} in the workflow's order; {@link
     * Integer#MAX_VALUE} (after every writer) where the workflow lists no functions, or does not
     * list this one.
     */
    public int positionOf(String name) {
        int i = workflowFunctions.indexOf(name);
        return i < 0 ? Integer.MAX_VALUE : i + 1;
    }

    /**
     * Writes {@code frame} to every connected function that takes it (see the class comment);
     * returns how many did. {@code target} is the frame's {@code yomo-target}, null or empty for
     * none. Any thread; one caller at a time keeps each function's frames in the caller's order.
     */
    public int deliver(DataFrame frame, String target) throws InterruptedException {
        return deliver(frame, target, Routing.SOURCES);
    }

    /**
     * {@link #deliver(DataFrame, String)} for a frame written at {@code writer} in the workflow's
     * order ({@link Routing#SOURCES} for the sources, {@link #positionOf} of the writing function,
     * negative for another zipper's frames).
     */
    public int deliver(DataFrame frame, String target, int writer) throws InterruptedException {
        int delivered = 0;
        for (FunctionSession s : sessions) {
            if (!s.accepts(frame.tag(), target, writer)) {
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
        synchronized (sessions) { // one insert at a time keeps the list in workflow order
            int i = 0;
            while (i < sessions.size() && sessions.get(i).position <= s.position) {
                i++;
            }
            sessions.add(i, s);
        }
        LOG.info(
                "{}: stream function {} connected, observing {}{}{}",
                listenerName,
                s.info,
                s.filtersItself
                        ? "every tag up to 0x3F (a 2021 function filters on its side)"
                        : s.observedTags.stream().map(Tag::format).toList(),
                s.position == Integer.MAX_VALUE
                        ? ""
                        : ", at position " + s.position + " of the workflow",
                s.wantedTarget.isEmpty() ? "" : ", wanted target " + LogSafe.quote(s.wantedTarget));
    }

    void removed(FunctionSession s) {
        s.end();
        sessions.remove(s);
    }
}
