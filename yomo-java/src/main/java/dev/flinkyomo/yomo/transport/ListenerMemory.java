package dev.flinkyomo.yomo.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frame memory of one listener: the heap its connections hold beyond their fixed allowance
 * (splitter arrays grown for a large frame, decoded frames parked while the queue is full), drawn
 * from the share of the memory budget {@link ListenerMemoryPlan} set aside for it.
 *
 * <p>A connection may start buffering a frame larger than its allowance only with the frame's whole
 * length granted ({@link #tryGrant}); otherwise it stops reading (QUIC flow control pushes back on
 * the client) and is called back when memory is given back. Granting whole frames up front is what
 * keeps this deadlock-free: a connection holding a grant needs nothing more than its client's bytes
 * to finish, so paused connections never hold the memory others wait for (a client that stops
 * sending mid-frame is closed by the listener's frame timeout). What a connection holds otherwise
 * (parked frames) is charged without asking ({@link #charge}), since it is already on the heap; it
 * is bounded by one read per connection and goes back when the queue takes it.
 *
 * <p>Thread-safe: connections on every event loop share it.
 */
final class ListenerMemory {

    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final List<Runnable> waiters = new ArrayList<>();

    ListenerMemory(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    long held() {
        return held.get();
    }

    /** Takes {@code bytes} if they fit under the limit with what is held; else takes nothing. */
    boolean tryGrant(long bytes) {
        if (bytes <= 0) {
            charge(bytes);
            return true;
        }
        while (true) {
            long now = held.get();
            if (now + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Adds {@code delta} (negative: gives back) whatever the limit; wakes waiters on give-back. */
    void charge(long delta) {
        if (delta == 0) {
            return;
        }
        long now = held.addAndGet(delta);
        if (delta < 0 && now < limit) {
            wakeWaiters();
        }
    }

    /**
     * Runs {@code callback} at once if {@code bytes} fit now, else (on the thread that gives memory
     * back) the next time memory is given back. The callback must re-check with {@link #tryGrant}:
     * another connection may have taken the memory first.
     */
    void whenAvailable(long bytes, Runnable callback) {
        synchronized (waiters) {
            if (held.get() + bytes > limit) {
                waiters.add(callback);
                return;
            }
        }
        callback.run();
    }

    private void wakeWaiters() {
        List<Runnable> ready;
        synchronized (waiters) {
            if (waiters.isEmpty()) {
                return;
            }
            ready = new ArrayList<>(waiters);
            waiters.clear();
        }
        ready.forEach(Runnable::run);
    }
}
