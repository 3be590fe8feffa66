package dev.flinkyomo.wasm.runtime;

/**
 * Deadline of the call an instance is running. {@link #begin()} and {@link #end()} bracket every
 * guest call on the calling thread; the watchdog marks overdue calls and, for engines that honour
 * it (Chicory), interrupts the calling thread. {@link #end()} clears an interrupt the watchdog
 * delivered, so the Flink task thread never sees a stray interrupt.
 */
public final class CallGuard implements AutoCloseable {

    private final CallWatchdog watchdog;
    private final long timeoutNanos;
    private final boolean interruptThread;

    private volatile long deadline; // 0 = no call running
    private volatile Thread caller;
    private boolean timedOut; // guarded by this
    private int depth; // calling thread only: host functions may call back into the guest

    CallGuard(CallWatchdog watchdog, long timeoutNanos, boolean interruptThread) {
        this.watchdog = watchdog;
        this.timeoutNanos = timeoutNanos;
        this.interruptThread = interruptThread;
    }

    public void begin() {
        if (depth++ > 0) {
            return; // a re-entrant call runs under the outer call's deadline
        }
        caller = Thread.currentThread();
        long d = System.nanoTime() + timeoutNanos;
        deadline = d == 0 ? 1 : d;
    }

    /** Ends the call; returns whether it overran its deadline. */
    public synchronized boolean end() {
        if (--depth > 0) {
            return timedOut;
        }
        // Under the lock so the watchdog cannot interrupt after we looked: it re-checks the deadline.
        deadline = 0;
        boolean overdue = timedOut;
        timedOut = false;
        if (overdue && interruptThread) {
            Thread.interrupted(); // clear the interrupt we delivered
        }
        return overdue;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    void check(long now) {
        long d = deadline;
        if (d == 0 || now - d < 0) {
            return;
        }
        synchronized (this) {
            if (deadline == d && !timedOut) {
                timedOut = true;
                if (interruptThread) {
                    caller.interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        watchdog.remove(this);
    }
}
