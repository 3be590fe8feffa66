package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import dev.flinkyomo.yomo.transport.ListenerMetrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The network events of a reader's splits as Flink metrics. Where Flink has a standard metric it is
 * used and not repeated: {@code pendingRecords} (the frames in the queue), {@code numBytesIn} (wire
 * bytes of the frames received), {@code numRecordsInErrors} (payloads the format refused, counted
 * by the emitter). The rest are in the reader's group under {@code yomo}: gauges openConnections,
 * queueCapacity, boundPort and boundAddress (listen mode); counters handshakesAccepted,
 * handshakesRejected, framesIn (frames received, before decoding: a frame is not yet a record),
 * decodeErrors (frames the protocol refused, which close their connection), readPauses, and the
 * listener's refusals pendingConnectionsRefused, addressConnectionsRefused, connectionsRefused,
 * handshakesTooLarge, handshakeTimeouts; with acknowledgements the gauge producersTracked. In
 * connect mode the handshakes and connections are the subtask's own with the zipper. Events come
 * from the Netty event loop, hence thread-safe counters.
 */
@Internal
public final class YomoSourceMetrics implements ListenerMetrics {

    private final AtomicInteger openConnections = new AtomicInteger();
    private final Counter handshakesAccepted;
    private final Counter handshakesRejected;
    private final Counter framesIn;
    private final Counter numBytesIn;
    private final Counter decodeErrors;
    private final Counter readPauses;
    private final Counter pendingConnectionsRefused;
    private final Counter addressConnectionsRefused;
    private final Counter connectionsRefused;
    private final Counter handshakesTooLarge;
    private final Counter handshakeTimeouts;
    private final Counter readPausesForMemory;
    private final Counter frameTimeouts;
    private final Counter duplicatesDropped;
    private final Counter acknowledgementsGranted;
    private final MetricGroup group;
    private final SourceReaderMetricGroup readerGroup;

    public YomoSourceMetrics(SourceReaderMetricGroup readerGroup) {
        this.readerGroup = readerGroup;
        this.group = readerGroup.addGroup("yomo");
        this.numBytesIn = readerGroup.getIOMetricGroup().getNumBytesInCounter();
        group.gauge("openConnections", openConnections::get);
        handshakesAccepted = group.counter("handshakesAccepted", new ThreadSafeSimpleCounter());
        handshakesRejected = group.counter("handshakesRejected", new ThreadSafeSimpleCounter());
        framesIn = group.counter("framesIn", new ThreadSafeSimpleCounter());
        decodeErrors = group.counter("decodeErrors", new ThreadSafeSimpleCounter());
        readPauses = group.counter("readPauses", new ThreadSafeSimpleCounter());
        pendingConnectionsRefused = counter("pendingConnectionsRefused");
        addressConnectionsRefused = counter("addressConnectionsRefused");
        connectionsRefused = counter("connectionsRefused");
        handshakesTooLarge = counter("handshakesTooLarge");
        handshakeTimeouts = counter("handshakeTimeouts");
        readPausesForMemory = counter("readPausesForMemory");
        frameTimeouts = counter("frameTimeouts");
        duplicatesDropped = counter("duplicatesDropped");
        acknowledgementsGranted = counter("acknowledgementsGranted");
    }

    private Counter counter(String name) {
        return group.counter(name, new ThreadSafeSimpleCounter());
    }

    /**
     * Registers the queue gauges once the split's queue exists: the frames waiting in it are
     * Flink's standard {@code pendingRecords} (FLIP-33; the autoscaler reads it).
     */
    public void bindQueue(IntSupplier queueSize, int queueCapacity) {
        readerGroup.setPendingRecordsGauge(() -> (long) queueSize.getAsInt());
        group.gauge("queueCapacity", () -> queueCapacity);
    }

    /**
     * Registers the producersTracked gauge: acknowledging producers whose positions the reader's
     * next checkpoint holds (the producer TTL bounds it).
     */
    public void bindProducersTracked(IntSupplier producers) {
        group.gauge("producersTracked", producers::getAsInt);
    }

    /**
     * Registers the gauges of a listen-mode split's bound listener: {@code boundPort} and the
     * String gauge {@code boundAddress}, {@code host:port} where devices reach it ({@link
     * TaskManagerAddress#reachableAs}).
     */
    public void bindAddress(int boundPort, String reachableAs) {
        group.gauge("boundPort", () -> boundPort);
        Gauge<String> address = () -> reachableAs;
        group.gauge("boundAddress", address);
    }

    @Override
    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    @Override
    public void handshakeAccepted() {
        handshakesAccepted.inc();
    }

    @Override
    public void handshakeRejected() {
        handshakesRejected.inc();
    }

    @Override
    public void framesReceived(int frames, long wireBytes) {
        framesIn.inc(frames);
        numBytesIn.inc(wireBytes);
    }

    @Override
    public void decodeError() {
        decodeErrors.inc();
    }

    @Override
    public void readPaused() {
        readPauses.inc();
    }

    @Override
    public void pendingConnectionRefused() {
        pendingConnectionsRefused.inc();
    }

    @Override
    public void addressConnectionRefused() {
        addressConnectionsRefused.inc();
    }

    @Override
    public void connectionRefused() {
        connectionsRefused.inc();
    }

    @Override
    public void handshakeTooLarge() {
        handshakesTooLarge.inc();
    }

    @Override
    public void handshakeTimedOut() {
        handshakeTimeouts.inc();
    }

    @Override
    public void readPausedForMemory() {
        readPausesForMemory.inc();
    }

    @Override
    public void frameTimedOut() {
        frameTimeouts.inc();
    }

    @Override
    public void duplicateDropped() {
        duplicatesDropped.inc();
    }

    @Override
    public void acknowledgementsGranted() {
        acknowledgementsGranted.inc();
    }

    /** Frames an acknowledging producer resent, dropped by the listener or the emitter. */
    public Counter duplicatesDropped() {
        return duplicatesDropped;
    }
}
