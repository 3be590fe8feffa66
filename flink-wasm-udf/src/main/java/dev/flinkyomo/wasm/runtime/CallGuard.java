package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Timeout state of the call an instance is running. {@link #begin()} and {@link #end()} bracket
 * every guest call on the calling thread; the watchdog marks overdue calls and, for engines that
 * honour it (Chicory), interrupts the calling thread. {@link #end()} clears an interrupt the
 * watchdog delivered, so the Flink task thread never sees a stray interrupt.
 *
 * <p>The calling thread pays one ordered store in {@link #begin()} and one compare-and-set in
 * {@link #end()}: no clock read, no lock. Each call gets a fresh id; the watchdog times a call from
 * the tick it first sees that id, so a call is never cut short, and an overdue one is interrupted
 * between {@code timeout} and {@code timeout + 2 ticks} after it began. Whoever moves the state
 * away from the call's id first wins: {@link #end()} (the call finished in time) or the watchdog
 * (it claims the call, interrupts, then marks the interrupt delivered for {@link #end()} to clear).
 */
@Internal
public final class CallGuard implements AutoCloseable {

    private static final long IDLE = 0;
    private static final long CLAIMED = -1; // watchdog is about to interrupt the caller
    private static final long DELIVERED = -2; // the interrupt was sent; end() clears it

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallGuard.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CallWatchdog watchdog;
    private final long timeoutNanos;
    private final boolean interruptThread;

    /** IDLE, the id of the running call, CLAIMED or DELIVERED. */
    private volatile long state;

    // Calling thread only. Host functions may call back into the guest, hence the depth.
    private long lastCallId;
    private int depth;
    // Written before the state store that publishes the call, read by the watchdog after it.
    private Thread caller;

    // Written by the watchdog only: seenAtNanos first, then the volatile seenCallId, so the calling
    // thread can read when the watchdog first saw its call (remainingNanos).
    private volatile long seenCallId;
    private long seenAtNanos;

    CallGuard(CallWatchdog watchdog, long timeoutNanos, boolean interruptThread) {
        this.watchdog = watchdog;
        this.timeoutNanos = timeoutNanos;
        this.interruptThread = interruptThread;
    }

    public void begin() {
        if (depth++ > 0) {
            return; // a re-entrant call runs under the outer call's deadline
        }
        Thread current = Thread.currentThread();
        if (caller != current) {
            caller = current;
        }
        STATE.setRelease(this, ++lastCallId);
    }

    /** Ends the call; returns whether it overran its deadline. */
    public boolean end() {
        if (--depth > 0) {
            return state != lastCallId;
        }
        if (STATE.compareAndSet(this, lastCallId, IDLE)) {
            return false;
        }
        // The watchdog claimed this call: wait the few instructions until its interrupt is out,
        // then clear it so it cannot hit whatever the thread runs next.
        while (state != DELIVERED) {
            Thread.yield();
        }
        state = IDLE;
        if (interruptThread) {
            Thread.interrupted();
        }
        return true;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    /**
     * On the calling thread, inside a call: how much of the call's budget is left (0 or less once
     * it is overdue); outside a call, the whole timeout. Host functions that block (yomo_http_send)
     * bound their wait with it: wasmtime cannot interrupt host code, so without it a call could
     * overrun its deadline by the host function's own timeout.
     *
     * <p>begin() reads no clock, so the start is when the watchdog first saw the call, up to one
     * tick late; a call that the watchdog has not seen yet started less than a tick ago and has its
     * whole budget. Costs a clock read: for blocking host functions, not for every call.
     */
    public long remainingNanos() {
        if (depth == 0) {
            return timeoutNanos;
        }
        long now = System.nanoTime();
        long call = state;
        if (call == CLAIMED || call == DELIVERED) {
            return 0;
        }
        if (seenCallId != lastCallId) {
            return timeoutNanos;
        }
        return timeoutNanos - (now - seenAtNanos);
    }

    /** Watchdog beat: notes calls it has not seen yet, interrupts the overdue one. */
    void check(long now) {
        long call = state;
        if (call <= IDLE) {
            return;
        }
        if (call != seenCallId) {
            seenAtNanos = now;
            seenCallId = call; // publishes seenAtNanos to remainingNanos()
            return;
        }
        if (now - seenAtNanos < timeoutNanos || !STATE.compareAndSet(this, call, CLAIMED)) {
            return;
        }
        if (interruptThread) {
            caller.interrupt();
        }
        state = DELIVERED;
    }

    @Override
    public void close() {
        watchdog.remove(this);
    }
}
