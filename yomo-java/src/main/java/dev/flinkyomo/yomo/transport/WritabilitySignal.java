package dev.flinkyomo.yomo.transport;

import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Tells writers when a client's stream may have become writable: after a writability change, a
 * connect, a connection loss or a close. One signal, two ways to wait for it, for two kinds of
 * writers: threads that may block ({@link #await}), and writers on the event loop that must neither
 * block nor poll ({@link #whenSignalled}).
 *
 * <p>The two stay apart on purpose: a blocked thread waits on a monitor that {@link #signal} wakes
 * from any thread, also from {@link YomoClient#close()} after the event loop is gone; routing it
 * through the event-loop callbacks would cost an event-loop task per blocked wait and would wake it
 * on close only at its next poll.
 */
final class WritabilitySignal {

    /** Longest single wait of a blocked writer before it looks again. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Object monitor = new Object();

    /** The client's event loop once started. */
    private volatile EventLoop loop;

    /** {@link #whenSignalled} callbacks waiting for the next signal; event loop only. */
    private final List<Runnable> callbacks = new ArrayList<>();

    /** The client started: callbacks run on this loop. */
    void attach(EventLoop eventLoop) {
        this.loop = eventLoop;
    }

    /**
     * Runs {@code callback} on the event loop if {@code writable} is true there, else at the next
     * signal given on that loop. Runs it right away when there is no loop (never started) or the
     * loop is shut down (closed); callbacks still waiting when the loop shuts down are dropped.
     */
    void whenSignalled(BooleanSupplier writable, Runnable callback) {
        EventLoop l = loop;
        if (l == null) {
            callback.run(); // never started: the caller sees it is not connected
            return;
        }
        try {
            l.execute(
                    () -> {
                        if (writable.getAsBoolean()) {
                            callback.run();
                        } else {
                            callbacks.add(callback);
                        }
                    });
        } catch (RejectedExecutionException e) {
            callback.run(); // closed
        }
    }

    /**
     * Waits until {@code writable}; false on timeout or as soon as {@code stillTrying} is false.
     */
    boolean await(Duration timeout, BooleanSupplier writable, BooleanSupplier stillTrying)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (!writable.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !stillTrying.getAsBoolean()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, Math.min(left, POLL_NANOS));
            }
            return true;
        }
    }

    /**
     * Wakes blocked writers; on the event loop, also runs the waiting callbacks (so they look again
     * and see whether the stream is writable, connected, or gone).
     */
    void signal() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
        EventLoop l = loop;
        if (l != null && l.inEventLoop() && !callbacks.isEmpty()) {
            List<Runnable> due = new ArrayList<>(callbacks);
            callbacks.clear();
            due.forEach(Runnable::run);
        }
    }
}
