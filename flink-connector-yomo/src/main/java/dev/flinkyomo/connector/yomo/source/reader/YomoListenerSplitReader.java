package dev.flinkyomo.connector.yomo.source.reader;

import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.connector.yomo.transport.InboundFrame;
import dev.flinkyomo.connector.yomo.transport.ListenerOptions;
import dev.flinkyomo.connector.yomo.transport.YomoListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the QUIC listener of each assigned split and drains its bounded queue on the fetcher
 * thread. The Netty event loop only decodes and enqueues; a full queue pauses the connections
 * (QUIC flow control pushes back to the devices) until this reader catches up.
 */
public final class YomoListenerSplitReader implements SplitReader<InboundFrame, YomoListenerSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoListenerSplitReader.class);
    private static final int MAX_BATCH = 1024;
    private static final Duration POLL = Duration.ofMillis(100);

    private final ListenerOptions options;
    private final int queueCapacity;
    private final YomoSourceMetrics metrics;
    private final Map<String, Bound> listeners = new LinkedHashMap<>();

    public YomoListenerSplitReader(ListenerOptions options, int queueCapacity, YomoSourceMetrics metrics) {
        this.options = options;
        this.queueCapacity = queueCapacity;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<InboundFrame> fetch() throws IOException {
        RecordsBySplits.Builder<InboundFrame> records = new RecordsBySplits.Builder<>();
        if (listeners.isEmpty()) {
            return records.build();
        }
        try {
            // wait on the first queue only when every queue is empty (one split per reader is the norm)
            boolean any = false;
            for (Map.Entry<String, Bound> e : listeners.entrySet()) {
                // a fresh list per split: the builder keeps the collection it is given
                List<InboundFrame> batch = new ArrayList<>();
                if (e.getValue().queue.drainTo(batch, MAX_BATCH, Duration.ZERO) > 0) {
                    records.addAll(e.getKey(), batch);
                    any = true;
                }
            }
            if (!any) {
                Map.Entry<String, Bound> first = listeners.entrySet().iterator().next();
                List<InboundFrame> batch = new ArrayList<>();
                if (first.getValue().queue.drainTo(batch, MAX_BATCH, POLL) > 0) {
                    records.addAll(first.getKey(), batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for YoMo frames", e);
        }
        return records.build();
    }

    @Override
    public void handleSplitsChanges(SplitsChange<YomoListenerSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported splits change " + change.getClass().getSimpleName());
        }
        for (YomoListenerSplit split : change.splits()) {
            if (listeners.containsKey(split.splitId())) {
                continue;
            }
            BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(queueCapacity);
            ListenerOptions o = options.toBuilder().port(split.port()).build();
            YomoListener listener = new YomoListener(o, queue, metrics);
            InetSocketAddress address;
            try {
                address = listener.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding " + split, e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot start the YoMo listener of " + split + " on "
                        + o.host() + ":" + o.port() + ": " + e.getMessage(), e);
            }
            metrics.bindListener(queue::size, queueCapacity, address.getPort());
            YomoListenerRegistry.bound(options.name(), split.subtaskIndex(), address);
            LOG.info("{} of source '{}' listens on {}", split.splitId(), options.name(), address);
            listeners.put(split.splitId(), new Bound(split, listener, queue, address));
        }
    }

    @Override
    public void wakeUp() {
        for (Bound b : listeners.values()) {
            b.queue.wakeUp();
        }
    }

    @Override
    public void close() {
        for (Bound b : listeners.values()) {
            b.listener.close();
            YomoListenerRegistry.closed(options.name(), b.split.subtaskIndex(), b.address);
        }
        listeners.clear();
    }

    private record Bound(YomoListenerSplit split, YomoListener listener, BoundedFrameQueue<InboundFrame> queue, InetSocketAddress address) {}
}
