package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A producer's numbered frames that the receiver has not acknowledged as durable (ACKS.md, Client
 * state), bounded in frames and bytes, and where they go: the current session's {@link #attach
 * sink}, or nowhere while disconnected (they wait here for the next session).
 *
 * <p>Numbering, storing and handing to the sink happen under one lock, as do the resend at a
 * connect and the switch of sinks: the wire order is the sequence order, whichever threads write.
 * The sink must not block (a Netty write from another thread only queues a task).
 *
 * <p>With a {@link AckJournal journal}, every change is mirrored to it under the same lock: a frame
 * is journaled before it is numbered for good and handed to the sink.
 */
final class UnackedFrames {

    /** A numbered frame and its share of the byte bound. */
    private record Entry(DataFrame frame, long bytes) {}

    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<Entry> frames = new ArrayDeque<>();
    private long bytes;
    private long lastSequence;
    private long durable;
    private boolean closed;

    /** Where numbered frames go now; null while no session may carry them. */
    private Consumer<DataFrame> sink;

    /** The session carries frames without numbers: nothing is kept (at most once). */
    private boolean unnumbered;

    /** Mirrors the buffer to a file; null without a journal. */
    private AckJournal journal;

    /** The last sequence the journal held at start; 0 without one. */
    private long recoveredUpTo;

    UnackedFrames(AckOptions options) {
        this.maxFrames = options.maxUnackedFrames();
        this.maxBytes = options.maxUnackedBytes();
    }

    /**
     * Numbers the frame, keeps it and hands it to the sink, if any; waits while the buffer is full.
     *
     * @param mayBlock false on the event loop: a full buffer then throws instead of waiting
     * @return the frame's sequence; 0 when the session runs at most once
     * @throws IllegalStateException when closed, or full and {@code mayBlock} is false
     */
    synchronized long append(DataFrame frame, boolean mayBlock) throws InterruptedException {
        if (unnumbered && sink != null && !closed) {
            sink.accept(frame);
            return 0;
        }
        long size = sizeOf(frame);
        while (!closed && !hasRoomFor(size)) {
            if (!mayBlock) {
                throw new IllegalStateException(
                        "the buffer of unacknowledged frames is full ("
                                + frames.size()
                                + " frames, "
                                + bytes
                                + " bytes); wait with whenWritable");
            }
            wait();
        }
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        DataFrame numbered = frame.withSequence(lastSequence + 1);
        journal(numbered);
        lastSequence++;
        frames.addLast(new Entry(numbered, size));
        bytes += size;
        if (sink != null) {
            sink.accept(numbered);
        }
        return lastSequence;
    }

    private void journal(DataFrame numbered) {
        if (journal == null) {
            return;
        }
        try {
            journal.append(numbered);
        } catch (IOException e) {
            throw new AckJournalException(
                    "cannot journal frame "
                            + Long.toUnsignedString(numbered.sequence())
                            + "; it was not written: "
                            + e,
                    e);
        }
    }

    /**
     * Before the first session: takes the frames the journal recovered (with their sequences; the
     * next frame is numbered after the highest) and mirrors every change to it from now on. Frames
     * above the bounds (bounds lowered since they were journaled) are kept; writers wait for room.
     */
    synchronized void restore(AckJournal j) {
        journal = j;
        JournalReader.Contents c = j.recovered();
        for (DataFrame f : c.frames()) {
            long size = sizeOf(f);
            frames.addLast(new Entry(f, size));
            bytes += size;
        }
        lastSequence = c.lastSequence();
        recoveredUpTo = lastSequence;
        durable = c.durable();
    }

    private void journalReplaced() {
        if (journal != null) {
            journal.replace(durable, liveFrames());
        }
    }

    private Iterable<DataFrame> liveFrames() {
        return () -> frames.stream().map(Entry::frame).iterator();
    }

    private static long sizeOf(DataFrame f) {
        return (long) f.payload().length + f.metadata().length;
    }

    /**
     * Room while the buffer holds fewer frames than its bound and fewer bytes than its bound, so it
     * can exceed the byte bound by one frame. The same test as {@link #hasRoom}: a writer on the
     * event loop, told the client is writable, must be able to write a frame of any size (a check
     * with the frame's size here made a 1 KiB writer that saw room fail and stop for good, found by
     * AckIngestBenchmark); and a frame larger than the bound still goes when the buffer is empty,
     * or it would wait forever.
     */
    private boolean hasRoomFor(long size) {
        return frames.isEmpty() || (frames.size() < maxFrames && bytes < maxBytes);
    }

    synchronized boolean hasRoom() {
        return !closed && hasRoomFor(0);
    }

    /**
     * A session granted acknowledgements with this ResumeAfter: frames after it go to {@code
     * newSink} in order, then new frames follow. Frames at or below it stay until acknowledged: the
     * receiver has emitted them but they are not durable, and a receiver restored from an earlier
     * checkpoint asks for them again. A ResumeAfter above every sequence this client numbered means
     * the producer restarted without its frames (or another client uses its id): the buffered
     * frames are numbered anew after it, or the receiver would drop them as duplicates. Frames
     * recovered from a journal keep their numbers: the receiver already has them under those (a
     * journal that lost its tail in a power cut ends below what was sent), and renumbering would
     * have it emit them twice.
     *
     * @return how many frames were resent
     */
    synchronized int resume(long resumeAfter, Consumer<DataFrame> newSink) {
        unnumbered = false;
        if (Long.compareUnsigned(resumeAfter, lastSequence) > 0) {
            renumberAfter(resumeAfter);
        }
        int resent = 0;
        for (Entry e : frames) {
            if (Long.compareUnsigned(e.frame().sequence(), resumeAfter) > 0) {
                newSink.accept(e.frame());
                resent++;
            }
        }
        sink = newSink;
        return resent;
    }

    private void renumberAfter(long resumeAfter) {
        ArrayDeque<Entry> renumbered = new ArrayDeque<>(frames.size());
        long next = resumeAfter;
        for (Entry e : frames) {
            boolean recovered = Long.compareUnsigned(e.frame().sequence(), recoveredUpTo) <= 0;
            renumbered.addLast(
                    recovered ? e : new Entry(e.frame().withSequence(++next), e.bytes()));
        }
        frames.clear();
        frames.addAll(renumbered);
        lastSequence = next;
        journalReplaced();
    }

    /**
     * A session without acknowledgements (a stock zipper): the buffered frames go out without
     * numbers and are forgotten, as are the frames written while it lasts.
     */
    synchronized int runAtMostOnce(Consumer<DataFrame> newSink) {
        int sent = frames.size();
        for (Entry e : frames) {
            newSink.accept(e.frame().withSequence(0));
        }
        frames.clear();
        bytes = 0;
        journalReplaced();
        unnumbered = true;
        sink = newSink;
        notifyAll();
        return sent;
    }

    /** The session ended: frames wait here for the next one. */
    synchronized void detach() {
        sink = null;
    }

    /** Ack{durable}: every frame up to it is dropped; writers waiting for room wake up. */
    synchronized void acknowledged(long newDurable) {
        if (Long.compareUnsigned(newDurable, durable) <= 0) {
            return;
        }
        durable = newDurable;
        List<DataFrame> released = new ArrayList<>();
        while (!frames.isEmpty()
                && Long.compareUnsigned(frames.peekFirst().frame().sequence(), newDurable) <= 0) {
            Entry e = frames.pollFirst();
            bytes -= e.bytes();
            released.add(e.frame());
        }
        if (journal != null) {
            journal.acknowledged(newDurable, released, liveFrames());
        }
        notifyAll();
    }

    synchronized long lastSequence() {
        return lastSequence;
    }

    synchronized long durable() {
        return durable;
    }

    synchronized int size() {
        return frames.size();
    }

    /** Waits until {@code sequence} is durable; false on timeout or when closed. */
    synchronized boolean awaitDurable(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Long.compareUnsigned(durable, sequence) < 0) {
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Writers and waiters give up. */
    synchronized void close() {
        closed = true;
        sink = null;
        if (journal != null) {
            journal.close();
        }
        notifyAll();
    }
}
