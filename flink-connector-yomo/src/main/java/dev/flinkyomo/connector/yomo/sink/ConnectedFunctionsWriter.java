package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ConnectedFunction;
import dev.flinkyomo.yomo.transport.ConnectedFunctions;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes each record to the connected functions that take it (see {@link ConnectedFunctionsSink}).
 * Metrics: Flink's {@code numRecordsSend} (one per function a record went to), {@code
 * recordsWithoutFunction}, the gauge {@code connectedFunctions}, and per function (group {@code
 * function/<name>}) the gauge {@code framesDelivered}.
 */
final class ConnectedFunctionsWriter<T> implements SinkWriter<T> {

    /**
     * Function names come from untrusted handshakes: metric groups for at most this many names, so
     * a client cycling names cannot grow the metric registry without bound.
     */
    private static final int MAX_GAUGED_FUNCTIONS = 100;

    /** How often the per-function gauges are brought up to date with the connected functions. */
    private static final long GAUGE_REFRESH_NANOS = 1_000_000_000L;

    private final ConnectedFunctionsSink.WriterPosition<T> positions;
    private final String listenerName;
    private final int subtask;
    private final long listenerWaitNanos;
    private final long openedAt = System.nanoTime();
    private final SinkWriterMetricGroup metrics;
    private final Counter sent;
    private final Counter withoutFunction;
    private final AtomicInteger connected = new AtomicInteger();
    private final Set<String> gaugedFunctions = new HashSet<>();
    private volatile ConnectedFunctions current;
    private long gaugesRefreshedAt;
    private boolean listenerSeen;

    ConnectedFunctionsWriter(
            ConnectedFunctionsSink.WriterPosition<T> positions,
            String listenerName,
            int subtask,
            Duration listenerWait,
            SinkWriterMetricGroup metrics) {
        this.positions = positions;
        this.listenerName = listenerName;
        this.subtask = subtask;
        this.listenerWaitNanos = listenerWait.toNanos();
        this.metrics = metrics;
        this.sent = metrics.getNumRecordsSendCounter();
        this.withoutFunction = metrics.counter("recordsWithoutFunction");
        metrics.gauge("connectedFunctions", connected::get);
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        ConnectedFunctions functions = functions();
        if (functions == null) {
            withoutFunction.inc();
            return;
        }
        YomoRecord record = positions.record(element);
        byte[] metadata = record.metadata().wireBytes();
        if (metadata == null) {
            metadata = MetadataCodec.encode(record.metadataView());
        }
        int delivered =
                functions.deliver(
                        new DataFrame(record.getTag(), metadata, record.getPayload()),
                        record.metadataValue(MetadataKeys.TARGET),
                        positions.writer(element));
        if (delivered == 0) {
            withoutFunction.inc();
        } else {
            sent.inc(delivered);
        }
        refreshGauges(functions);
    }

    /** The current listener's functions; null while it is not running in this JVM. */
    private ConnectedFunctions functions() {
        ConnectedFunctions f = YomoListenerRegistry.functionsOf(listenerName, subtask);
        if (f != null) {
            listenerSeen = true;
            current = f;
            return f;
        }
        if (!listenerSeen && System.nanoTime() - openedAt > listenerWaitNanos) {
            throw new IllegalStateException(
                    "no listener '"
                            + listenerName
                            + "' (subtask "
                            + subtask
                            + ") that accepts stream functions runs in this TaskManager after "
                            + Duration.ofNanos(listenerWaitNanos).toSeconds()
                            + " s: the sink to connected functions must share a slot with its"
                            + " listener source (same parallelism 1, same slot-sharing group), and"
                            + " the source must be built with setAcceptStreamFunctions(true)");
        }
        return null;
    }

    private void refreshGauges(ConnectedFunctions functions) {
        long now = System.nanoTime();
        if (now - gaugesRefreshedAt < GAUGE_REFRESH_NANOS) {
            return;
        }
        gaugesRefreshedAt = now;
        connected.set(functions.size());
        for (ConnectedFunction f : functions.connected()) {
            if (gaugedFunctions.size() < MAX_GAUGED_FUNCTIONS && gaugedFunctions.add(f.name())) {
                String name = f.name();
                metrics.addGroup("function", name)
                        .gauge("framesDelivered", () -> framesDelivered(name));
            }
        }
    }

    /** Frames delivered to the connected functions called {@code name} (0 when none is). */
    private long framesDelivered(String name) {
        ConnectedFunctions f = current;
        if (f == null) {
            return 0;
        }
        return f.connected().stream()
                .filter(c -> c.name().equals(name))
                .mapToLong(ConnectedFunction::framesDelivered)
                .sum();
    }

    @Override
    public void flush(boolean endOfInput) {
        // every write went to the functions' streams at once; nothing is held here
    }

    @Override
    public void close() {}
}
