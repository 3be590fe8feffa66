package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * The hand-over between network event loops (producers) and one consumer thread. It never holds
 * more than {@code capacity} elements, nor (when built with a weigher) elements weighing more than
 * {@code maxBytes} together, so a few huge frames cannot exhaust the heap while many small ones
 * still flow. One exception keeps a producer from waiting forever with an element heavier than the
 * room left: while the queue weighs less than half of {@code maxBytes}, it takes any element (so it
 * never holds more than half of {@code maxBytes} plus one element beyond the limit). A producer
 * whose {@link #offer} fails must stop reading and register {@link #whenSpaceAvailable}; its
 * callback runs once the consumer has drained the queue to half its capacity and half its bytes
 * (hysteresis, so readers are not toggled per element), and from then on the next offer succeeds.
 */
@PublicEvolving
public final class BoundedFrameQueue<E> {

    private final int capacity;
    private final int resumeBelow;
    private final long maxBytes;
    private final long resumeBelowBytes;
    private final ToLongFunction<? super E> weigher;
    private long bytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<E> elements;
    private final List<Runnable> spaceWaiters = new ArrayList<>();
    private boolean wakeUp;
    private int highWaterMark;

    /** A queue bounded by element count only. */
    public BoundedFrameQueue(int capacity) {
        this(capacity, Long.MAX_VALUE, e -> 0);
    }

    /** A queue bounded by element count and by the elements' total weight (e.g. their bytes). */
    public BoundedFrameQueue(int capacity, long maxBytes, ToLongFunction<? super E> weigher) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + capacity);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException(
                    "queue byte limit must be positive, got " + maxBytes);
        }
        this.capacity = capacity;
        this.resumeBelow = Math.max(1, capacity / 2);
        this.maxBytes = maxBytes;
        this.resumeBelowBytes = Math.max(1, maxBytes / 2);
        this.weigher = weigher;
        this.elements = new ArrayDeque<>(Math.min(capacity, 1 << 16));
    }

    /** Adds the element if there is room and wakes a waiting consumer; never blocks. */
    public boolean offer(E e) {
        lock.lock();
        try {
            long w = weigher.applyAsLong(e);
            if (!hasRoomFor(w)) {
                return false;
            }
            elements.addLast(e);
            bytes += w;
            highWaterMark = Math.max(highWaterMark, elements.size());
            if (elements.size() == 1) {
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves as many elements from the head of {@code batch} as there is room for, in order, and
     * wakes a waiting consumer; never blocks. One lock round trip for the whole batch: a producer
     * that hands over all frames of a network read at once does not contend with the consumer per
     * frame.
     *
     * @return true if the whole batch was taken, false if some elements are left in {@code batch}
     */
    public boolean offerAll(Queue<E> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        lock.lock();
        try {
            boolean wasEmpty = elements.isEmpty();
            int n = 0;
            while (!batch.isEmpty()) {
                long w = weigher.applyAsLong(batch.peek());
                if (!hasRoomFor(w)) {
                    break;
                }
                elements.addLast(batch.poll());
                bytes += w;
                n++;
            }
            highWaterMark = Math.max(highWaterMark, elements.size());
            if (wasEmpty && n > 0) {
                notEmpty.signal();
            }
            return batch.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Room for one more element of weight {@code w}; a queue below half its bytes takes any one.
     */
    private boolean hasRoomFor(long w) {
        return elements.size() < capacity && (bytes < resumeBelowBytes || bytes + w <= maxBytes);
    }

    /** Drained far enough for paused producers to resume. */
    private boolean belowResumeMark() {
        return elements.size() < resumeBelow && bytes < resumeBelowBytes;
    }

    /**
     * Runs {@code callback} (once) when the queue has room again; right away on the calling thread
     * if it already has. The callback must be cheap and must not block (it runs on the consumer
     * thread): hand work to an event loop.
     */
    public void whenSpaceAvailable(Runnable callback) {
        lock.lock();
        try {
            if (!belowResumeMark()) {
                spaceWaiters.add(callback);
                return;
            }
        } finally {
            lock.unlock();
        }
        callback.run();
    }

    /**
     * Moves up to {@code max} elements to {@code sink}, waiting up to {@code timeout} for the first
     * one. Returns early, possibly with nothing, after {@link #wakeUp()}.
     */
    public int drainTo(List<? super E> sink, int max, Duration timeout)
            throws InterruptedException {
        List<Runnable> toRun = null;
        int n = 0;
        lock.lockInterruptibly();
        try {
            long nanos = timeout.toNanos();
            while (elements.isEmpty() && !wakeUp && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            wakeUp = false;
            while (n < max && !elements.isEmpty()) {
                E e = elements.pollFirst();
                bytes -= weigher.applyAsLong(e);
                sink.add(e);
                n++;
            }
            if (!spaceWaiters.isEmpty() && belowResumeMark()) {
                toRun = new ArrayList<>(spaceWaiters);
                spaceWaiters.clear();
            }
        } finally {
            lock.unlock();
        }
        if (toRun != null) {
            toRun.forEach(Runnable::run);
        }
        return n;
    }

    /** Makes a waiting (or the next) {@link #drainTo} return at once. */
    public void wakeUp() {
        lock.lock();
        try {
            wakeUp = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return elements.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** The byte (weight) limit; {@code Long.MAX_VALUE} for a queue bounded by count only. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Total weight of the queued elements. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** The largest size ever reached; never above {@link #capacity()}. */
    public int highWaterMark() {
        lock.lock();
        try {
            return highWaterMark;
        } finally {
            lock.unlock();
        }
    }

    /** Number of producers currently waiting for room. */
    public int waitingProducers() {
        lock.lock();
        try {
            return spaceWaiters.size();
        } finally {
            lock.unlock();
        }
    }
}
