package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM (per class loader) that enforces call timeouts. A guarded call costs
 * one ordered store and one compare-and-set; the watchdog scans the running calls every {@link
 * #TICK_MILLIS} ms and interrupts the overdue ones. Engines that cannot be interrupted by {@link
 * Thread#interrupt()} (wasmtime) register a {@link Ticker} with their guards instead, run on the
 * same beat.
 *
 * <p>The thread runs only while guards are open: {@link #LINGER_MILLIS} after the last one closed
 * it drops its tickers (telling each through {@link Ticker#stopped()}) and ends; the next {@link
 * #newGuard} starts a new one. On a session cluster with this class in the job jar, a thread that
 * never ended kept the job's class loader alive through its own class and its context class loader
 * after every job; the thread is also started with no context class loader, so that with this class
 * parent-first it cannot pin the class loader of whichever job happened to start it.
 */
@Internal
public final class CallWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(CallWatchdog.class);

    /** Timeout resolution; timeouts fire between {@code timeout} and {@code timeout + 2 * TICK}. */
    public static final long TICK_MILLIS = 2;

    /**
     * How long the thread outlives the last guard. A trap closes and reopens its instance within
     * microseconds, and starting the thread costs about 0.1 ms, so this only has to bridge such
     * gaps; one second also covers a SQL function closed and reopened by a task restart.
     */
    public static final long LINGER_MILLIS = 1000;

    /** Thread name; tests count live threads by it. */
    public static final String THREAD_NAME = "flink-wasm-call-watchdog";

    /** Work on the watchdog's beat, e.g. wasmtime's epoch increment. */
    public interface Ticker {
        void tick();

        /** The watchdog stopped and dropped this ticker; called once, on the watchdog thread. */
        void stopped();
    }

    private static final CallWatchdog INSTANCE = new CallWatchdog();

    private final Set<CallGuard> guards = ConcurrentHashMap.newKeySet();
    private final List<Ticker> tickers = new CopyOnWriteArrayList<>();
    private Thread thread; // guarded by this
    private long starts; // guarded by this

    private CallWatchdog() {}

    public static CallWatchdog get() {
        return INSTANCE;
    }

    /** A guard for calls with the given timeout. Close it when the instance goes away. */
    public CallGuard newGuard(long timeoutNanos, boolean interruptThread) {
        return newGuard(timeoutNanos, interruptThread, null);
    }

    /**
     * A guard whose calls also need {@code ticker} on the watchdog's beat (wasmtime's epoch). The
     * ticker is registered with the guard under one lock, so the watchdog cannot stop and drop it
     * between the two; it runs until the watchdog next stops for lack of guards.
     */
    public CallGuard newGuard(long timeoutNanos, boolean interruptThread, Ticker ticker) {
        CallGuard guard = new CallGuard(this, timeoutNanos, interruptThread);
        synchronized (this) {
            guards.add(guard);
            if (ticker != null && !tickers.contains(ticker)) {
                tickers.add(ticker);
            }
            if (thread == null) {
                thread = new Thread(this::run, THREAD_NAME);
                thread.setDaemon(true);
                thread.setContextClassLoader(null);
                thread.start();
                starts++;
            }
        }
        return guard;
    }

    void remove(CallGuard guard) {
        guards.remove(guard);
    }

    /** How many times a watchdog thread was started. */
    @VisibleForTesting
    public synchronized long starts() {
        return starts;
    }

    /** Guards not closed yet. */
    @VisibleForTesting
    public int openGuards() {
        return guards.size();
    }

    /** Whether the watchdog thread is running. */
    @VisibleForTesting
    public synchronized boolean running() {
        return thread != null;
    }

    private void run() {
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        long linger = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        long idleSince = 0;
        while (true) {
            LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            for (CallGuard guard : guards) {
                guard.check(now);
            }
            for (Ticker ticker : tickers) {
                try {
                    ticker.tick();
                } catch (RuntimeException e) {
                    LOG.warn("Wasm watchdog ticker failed", e);
                }
            }
            if (!guards.isEmpty()) {
                idleSince = 0;
            } else if (idleSince == 0) {
                idleSince = now;
            } else if (now - idleSince >= linger && stopIfIdle()) {
                return;
            }
        }
    }

    /** Ends this thread's duty if still no guard is open; its tickers are told after the lock. */
    private boolean stopIfIdle() {
        List<Ticker> dropped;
        synchronized (this) {
            if (!guards.isEmpty()) {
                return false;
            }
            thread = null;
            dropped = new ArrayList<>(tickers);
            tickers.clear();
        }
        for (Ticker ticker : dropped) {
            try {
                ticker.stopped();
            } catch (RuntimeException e) {
                LOG.warn("Wasm watchdog ticker failed to stop", e);
            }
        }
        return true;
    }
}
