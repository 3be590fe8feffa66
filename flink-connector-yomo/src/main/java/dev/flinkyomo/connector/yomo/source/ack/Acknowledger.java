package dev.flinkyomo.connector.yomo.source.ack;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.connector.yomo.source.split.ProducerPosition;
import dev.flinkyomo.connector.yomo.source.split.ProducerTable;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import dev.flinkyomo.yomo.logging.LogThrottle;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One reader's side of the acknowledgement extension: the producer tables of its listener splits
 * (shared by the emitter, which advances them, and the listeners, which answer handshakes from
 * them), the positions each checkpoint took, and the acknowledgements that go out when a checkpoint
 * completes: never for frames that are only emitted, so an acknowledged frame is in a completed
 * checkpoint and a device never has to resend it.
 *
 * <p>The split reader (fetcher thread) registers its listeners; everything else runs on the task
 * thread. {@link YomoListener#acknowledge} hops to the listener's event loop.
 */
@Internal
public final class Acknowledger {

    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);

    /** Acknowledging devices waiting this long without a checkpoint get a WARN, every minute. */
    static final long STALL_WARN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AcknowledgementSettings settings;
    private final String source;
    private final Map<String, ProducerTable> tables = new ConcurrentHashMap<>();
    private final Map<String, YomoListener> listeners = new ConcurrentHashMap<>();
    private final NavigableMap<Long, Map<String, Map<String, ProducerPosition>>> pending =
            new TreeMap<>();
    private final LogThrottle stallLog = new LogThrottle(STALL_WARN_NANOS);
    private long lastCheckpointNanos = System.nanoTime();

    public Acknowledger(AcknowledgementSettings settings, String source) {
        this.settings = settings;
        this.source = source;
    }

    /** The split's producer table, seeded from its restored positions on first use. */
    public ProducerTable table(YomoListenerSplit split) {
        return tables.computeIfAbsent(split.splitId(), id -> new ProducerTable(split.producers()));
    }

    public void listening(String splitId, YomoListener listener) {
        listeners.put(splitId, listener);
    }

    public void closed(String splitId, YomoListener listener) {
        listeners.remove(splitId, listener);
    }

    /** The checkpointed state of a split this reader was given, with its producer table. */
    public YomoSplitState stateOf(YomoSplit split) {
        return split instanceof YomoListenerSplit l
                ? new YomoSplitState(split, table(l), settings.producerTtl())
                : new YomoSplitState(split);
    }

    /** A checkpoint took these splits: remember their positions until it completes. */
    public void snapshotTaken(long checkpointId, List<YomoSplit> splits) {
        lastCheckpointNanos = System.nanoTime();
        Map<String, Map<String, ProducerPosition>> bySplit = new HashMap<>();
        for (YomoSplit s : splits) {
            if (s instanceof YomoListenerSplit l && !l.producers().isEmpty()) {
                bySplit.put(l.splitId(), l.producers());
            }
        }
        pending.put(checkpointId, bySplit);
    }

    /**
     * The checkpoint completed: acknowledge its positions (they cover every earlier checkpoint's,
     * since positions only grow) and forget it and the earlier ones.
     */
    public void checkpointComplete(long checkpointId) {
        Map<String, Map<String, ProducerPosition>> done = pending.get(checkpointId);
        pending.headMap(checkpointId, true).clear();
        if (done == null) {
            return;
        }
        done.forEach(
                (splitId, producers) -> {
                    YomoListener listener = listeners.get(splitId);
                    if (listener != null) {
                        producers.forEach((p, pos) -> listener.acknowledge(p, pos.sequence()));
                    }
                });
    }

    /** Called as records flow: says so when devices wait for acknowledgements that cannot come. */
    public void checkStalled() {
        if (System.nanoTime() - lastCheckpointNanos < STALL_WARN_NANOS) {
            return;
        }
        int producers = tables.values().stream().mapToInt(ProducerTable::size).sum();
        if (producers > 0 && stallLog.admit() >= 0) {
            LOG.warn(
                    "YoMo source {}: acknowledgements are on ('scan.acknowledgements' ="
                            + " 'on-checkpoint') but no checkpoint was taken for {} s, so {}"
                            + " acknowledging devices get none and block once their buffers are"
                            + " full; enable checkpointing",
                    source,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastCheckpointNanos),
                    producers);
        }
    }
}
