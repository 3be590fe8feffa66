package dev.flinkyomo.benchmarks.connector.devices;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sender's side of the books, shared by every device of a {@link DeviceFleet}. Frames are
 * counted per epoch: a new epoch starts when the listener is restarted, and only frames written on
 * connections accepted in the current epoch are expected at the new listener (frames written into a
 * connection the killed listener no longer serves are lost by design, and counted apart).
 */
final class FleetCounters {

    final AtomicInteger connected = new AtomicInteger();

    /**
     * Devices connected to the current epoch's listener. Not {@link #connected}: a listener that
     * restarts within the devices' 5 s idle timeout finds every device still "connected" to the
     * killed one, and a storm run waiting on that count ended the moment the new listener was up
     * (4.8 s in one run) while the devices were still to notice and redial.
     */
    final AtomicInteger connectedThisEpoch = new AtomicInteger();

    final LongAdder sent = new LongAdder();
    final LongAdder sentThisEpoch = new LongAdder();
    final LongAdder sentToOldEpoch = new LongAdder();
    final LongAdder notWritable = new LongAdder();
    final LongAdder dials = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder handshakes = new LongAdder();
    private final Map<String, LongAdder> closeReasons = new ConcurrentHashMap<>();
    private volatile int epoch;

    /** A dial that did not complete its QUIC handshake: by its exception's class. */
    void failedToConnect(Throwable cause) {
        closeReasons
                .computeIfAbsent(
                        "dial failed: " + cause.getClass().getSimpleName(), k -> new LongAdder())
                .increment();
    }

    /** The listener closed a connection: its reason, up to the first digit (limits vary). */
    void closedBy(String reason) {
        String kind = reason.isEmpty() ? "(no reason)" : reason.split("[0-9(]", 2)[0].trim();
        closeReasons.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    int epoch() {
        return epoch;
    }

    /** A new listener: frames from here on are counted afresh. */
    synchronized void nextEpoch() {
        epoch++;
        sentThisEpoch.reset();
        connectedThisEpoch.set(0);
    }

    void sentOn(int connectionEpoch) {
        sent.increment();
        if (connectionEpoch == epoch) {
            sentThisEpoch.increment();
        } else {
            sentToOldEpoch.increment();
        }
    }

    @Override
    public String toString() {
        return "connected="
                + connected.get()
                + " connectedThisEpoch="
                + connectedThisEpoch.get()
                + " sent="
                + sent.sum()
                + " sentThisEpoch="
                + sentThisEpoch.sum()
                + " sentToOldEpoch="
                + sentToOldEpoch.sum()
                + " dials="
                + dials.sum()
                + " handshakes="
                + handshakes.sum()
                + " refusedOrLost="
                + refused.sum()
                + " notWritable="
                + notWritable.sum()
                + " closedByListener="
                + closeReasons;
    }
}
