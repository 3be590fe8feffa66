package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The fetcher-thread side shared by both modes: every split owns a network endpoint (listener or
 * stream-function client) whose Netty event loop only decodes and enqueues into the split's bounded
 * queue; {@link #fetch} drains the queues. A full queue pauses reading, so QUIC flow control pushes
 * back on the peers until this reader catches up.
 */
@Internal
abstract class QueueDrainingSplitReader<S extends YomoSplit>
        implements SplitReader<InboundFrame, YomoSplit> {

    private static final int MAX_BATCH = 1024;
    private static final Duration POLL = Duration.ofMillis(100);

    private final Class<S> splitType;
    private final FrameQueueSettings queueSettings;
    private final long lingerNanos;
    private final long lingerFromRate;
    private final ArrivalRate arrivals = new ArrivalRate(System.nanoTime());
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    QueueDrainingSplitReader(Class<S> splitType, FrameQueueSettings queueSettings) {
        this(splitType, queueSettings, FrameQueueSettings.LINGER_FROM_RATE);
    }

    /** With another arrival rate (frames per second) from which the fetcher lingers; for tests. */
    QueueDrainingSplitReader(
            Class<S> splitType, FrameQueueSettings queueSettings, long lingerFromRate) {
        this.splitType = splitType;
        this.queueSettings = queueSettings;
        this.lingerNanos = queueSettings.fetchLinger().toNanos();
        this.lingerFromRate = lingerFromRate;
    }

    /** A running endpoint that fills a split's queue. */
    interface Endpoint extends AutoCloseable {
        BoundedFrameQueue<InboundFrame> queue();

        /**
         * Throws when the endpoint has failed for good (the job must fail); called before each
         * fetch.
         */
        default void checkHealthy() throws IOException {}

        @Override
        void close();
    }

    /** Starts the endpoint of a new split, feeding {@code queue}. */
    abstract Endpoint open(S split, BoundedFrameQueue<InboundFrame> queue);

    @Override
    public RecordsWithSplitIds<InboundFrame> fetch() throws IOException {
        RecordsBySplits.Builder<InboundFrame> records = new RecordsBySplits.Builder<>();
        if (endpoints.isEmpty()) {
            return records.build();
        }
        for (Endpoint e : endpoints.values()) {
            e.checkHealthy();
        }
        try {
            // wait on the first queue only when every queue is empty (one split per reader is the
            // norm)
            boolean any = false;
            for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
                any |= drain(e, records, Duration.ZERO);
            }
            if (!any) {
                drain(endpoints.entrySet().iterator().next(), records, POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for YoMo frames", e);
        }
        return records.build();
    }

    private boolean drain(
            Map.Entry<String, Endpoint> e,
            RecordsBySplits.Builder<InboundFrame> records,
            Duration wait)
            throws InterruptedException {
        // a fresh list per split: the builder keeps the collection it is given
        List<InboundFrame> batch = new ArrayList<>();
        BoundedFrameQueue<InboundFrame> queue = e.getValue().queue();
        int n = queue.drainTo(batch, MAX_BATCH, wait);
        long rate = arrivals.taken(n, System.nanoTime());
        if (lingerNanos > 0
                && n >= FrameQueueSettings.LINGER_FROM_FRAMES
                && n < FrameQueueSettings.LINGER_BELOW_FRAMES
                && rate >= lingerFromRate) {
            // more are on their way: let them gather rather than wake the task for a handful
            LockSupport.parkNanos(lingerNanos);
            n += queue.drainTo(batch, MAX_BATCH - n, Duration.ZERO);
        }
        if (n > 0) {
            records.addAll(e.getKey(), batch);
            return true;
        }
        return false;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<YomoSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            // the enumerators only ever assign splits; a removal would mean a foreign enumerator
            throw new IllegalStateException(
                    "YoMo split readers only accept split additions, got "
                            + change.getClass().getSimpleName());
        }
        for (YomoSplit split : change.splits()) {
            if (!splitType.isInstance(split)) {
                throw new IllegalStateException(
                        getClass().getSimpleName()
                                + " cannot serve "
                                + split
                                + " (was the source's mode changed across a restore?)");
            }
            if (!endpoints.containsKey(split.splitId())) {
                endpoints.put(
                        split.splitId(), open(splitType.cast(split), queueSettings.newQueue()));
            }
        }
    }

    @Override
    public void wakeUp() {
        for (Endpoint e : endpoints.values()) {
            e.queue().wakeUp();
        }
    }

    @Override
    public void close() {
        for (Endpoint e : endpoints.values()) {
            e.close();
        }
        endpoints.clear();
    }
}
