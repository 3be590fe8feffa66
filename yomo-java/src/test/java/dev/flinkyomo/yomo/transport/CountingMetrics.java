package dev.flinkyomo.yomo.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

final class CountingMetrics implements ListenerMetrics {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger decodeErrors = new AtomicInteger();
    final AtomicInteger pauses = new AtomicInteger();
    final AtomicInteger memoryPauses = new AtomicInteger();
    final AtomicInteger frameTimeouts = new AtomicInteger();
    final AtomicInteger pendingRefused = new AtomicInteger();
    final AtomicInteger addressRefused = new AtomicInteger();
    final AtomicInteger connectionsRefused = new AtomicInteger();
    final AtomicInteger handshakesTooLarge = new AtomicInteger();
    final AtomicInteger handshakeTimeouts = new AtomicInteger();
    final AtomicInteger acksGranted = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();

    @Override
    public void acknowledgementsGranted() {
        acksGranted.incrementAndGet();
    }

    @Override
    public void duplicateDropped() {
        duplicates.incrementAndGet();
    }

    @Override
    public void connectionOpened() {
        open.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        open.decrementAndGet();
    }

    @Override
    public void handshakeAccepted() {
        accepted.incrementAndGet();
    }

    @Override
    public void handshakeRejected() {
        rejected.incrementAndGet();
    }

    @Override
    public void framesReceived(int count, long wireBytes) {
        frames.addAndGet(count);
        bytes.addAndGet(wireBytes);
    }

    @Override
    public void decodeError() {
        decodeErrors.incrementAndGet();
    }

    @Override
    public void readPaused() {
        pauses.incrementAndGet();
    }

    @Override
    public void readPausedForMemory() {
        memoryPauses.incrementAndGet();
    }

    @Override
    public void frameTimedOut() {
        frameTimeouts.incrementAndGet();
    }

    @Override
    public void pendingConnectionRefused() {
        pendingRefused.incrementAndGet();
    }

    @Override
    public void addressConnectionRefused() {
        addressRefused.incrementAndGet();
    }

    @Override
    public void connectionRefused() {
        connectionsRefused.incrementAndGet();
    }

    @Override
    public void handshakeTooLarge() {
        handshakesTooLarge.incrementAndGet();
    }

    @Override
    public void handshakeTimedOut() {
        handshakeTimeouts.incrementAndGet();
    }
}
