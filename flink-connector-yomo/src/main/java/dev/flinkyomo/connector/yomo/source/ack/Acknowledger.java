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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One reader's side of the acknowledgement extension: the producer tables of its listener splits
 * (shared by the emitter, which advances them, and the listeners, which answer handshakes from
 * them), the positions each checkpoint took, and the acknowledgements that go out when a checkpoint
 * completes: never for frames that are only emitted, so an acknowledged frame is in a completed
 * checkpoint and a device never has to resend it.
 *
 * <p>After a restore, positions follow their clients: the reader reports what it restored ({@link
 * #restoredReport}), takes over the positions of restored splits it does not serve ({@link
 * #adopt}), and its listener binds only once the positions all readers restored have arrived
 * ({@link #awaitPositionsAtRestore}), so no handshake is answered from an incomplete table. Holding
 * the bind rather than the handshake keeps the listener's event loop from blocking, and it is a
 * round trip through the enumerator, once per (re)start.
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
    private final Map<String, ProducerPosition> restored = new HashMap<>();
    private final Map<String, ProducerPosition> adopted = new HashMap<>();
    private Map<String, ProducerPosition> atRestore;
    private final CompletableFuture<Void> positionsAtRestore = new CompletableFuture<>();

    public Acknowledger(AcknowledgementSettings settings, String source) {
        this.settings = settings;
        this.source = source;
    }

    /**
     * The split's producer table, seeded on first use from its restored positions, the positions
     * adopted from splits this reader does not serve, and those other readers restored.
     */
    public synchronized ProducerTable table(YomoListenerSplit split) {
        return tables.computeIfAbsent(
                split.splitId(),
                id -> {
                    ProducerTable t = new ProducerTable(split.producers());
                    t.adopt(adopted);
                    if (atRestore != null) {
                        t.learn(atRestore);
                    }
                    return t;
                });
    }

    /** A split this reader restored: its positions go into the report to the enumerator. */
    public synchronized void restored(YomoListenerSplit split) {
        ProducerPosition.mergeInto(restored, split.producers());
    }

    /**
     * A restored split this reader does not serve (another subtask index, after a rescale): its
     * positions stay in this reader's state, so a checkpoint keeps them until they expire.
     */
    public synchronized void adopt(YomoListenerSplit split) {
        ProducerPosition.mergeInto(adopted, split.producers());
        tables.values().forEach(t -> t.adopt(split.producers()));
    }

    /** What this reader restored, for the enumerator. */
    public synchronized RestoredPositions restoredReport() {
        return new RestoredPositions(restored);
    }

    /** The positions every reader restored: handshakes may be answered from now on. */
    public synchronized void positionsAtRestore(PositionsAtRestore all) {
        atRestore = all.positions();
        tables.values().forEach(t -> t.learn(atRestore));
        LOG.info(
                "YoMo source {}: {} producer positions restored by all subtasks are known;"
                        + " acknowledging handshakes are answered",
                source,
                atRestore.size());
        positionsAtRestore.complete(null);
    }

    /**
     * Blocks (the fetcher thread, before a listener binds) until {@link #positionsAtRestore}: a
     * handshake answered earlier could tell a device that moved here after a rescale to resend what
     * another subtask restored as emitted.
     */
    public void awaitPositionsAtRestore(String splitId) throws InterruptedException {
        if (!positionsAtRestore.isDone()) {
            LOG.info(
                    "YoMo source {}: {} binds once the producer positions of all subtasks arrive",
                    source,
                    splitId);
        }
        try {
            positionsAtRestore.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The producers the next checkpoint holds (before expiry), over this reader's splits. */
    public int producersTracked() {
        return tables.values().stream().mapToInt(ProducerTable::size).sum();
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
        int producers = producersTracked();
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
