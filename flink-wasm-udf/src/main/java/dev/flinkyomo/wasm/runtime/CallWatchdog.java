package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Thread#interrupt()} (wasmtime) register a ticker instead, run on the same beat.
 */
@Internal
public final class CallWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(CallWatchdog.class);

    /** Timeout resolution; timeouts fire between {@code timeout} and {@code timeout + 2 * TICK}. */
    public static final long TICK_MILLIS = 2;

    private static final class Holder {
        static final CallWatchdog INSTANCE = new CallWatchdog();
    }

    private final Set<CallGuard> guards = ConcurrentHashMap.newKeySet();
    private final List<Runnable> tickers = new CopyOnWriteArrayList<>();

    private CallWatchdog() {
        Thread thread = new Thread(this::run, "flink-wasm-call-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    public static CallWatchdog get() {
        return Holder.INSTANCE;
    }

    /** A guard for calls with the given timeout. Close it when the instance goes away. */
    public CallGuard newGuard(long timeoutNanos, boolean interruptThread) {
        CallGuard guard = new CallGuard(this, timeoutNanos, interruptThread);
        guards.add(guard);
        return guard;
    }

    void remove(CallGuard guard) {
        guards.remove(guard);
    }

    /** Runs {@code ticker} on every beat, e.g. wasmtime's epoch increment. */
    public void addTicker(Runnable ticker) {
        tickers.add(ticker);
    }

    private void run() {
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        while (true) {
            LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            for (CallGuard guard : guards) {
                guard.check(now);
            }
            for (Runnable ticker : tickers) {
                try {
                    ticker.run();
                } catch (RuntimeException e) {
                    LOG.warn("Wasm watchdog ticker failed", e);
                }
            }
        }
    }
}
