package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.connector.yomo.source.ack.Acknowledger;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/** Listen mode: runs the QUIC listener of each assigned split; YoMo sources dial it. */
@Internal
public final class YomoListenerSplitReader extends QueueDrainingSplitReader<YomoListenerSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoListenerSplitReader.class);

    private final ListenerOptions options;
    private final YomoSourceMetrics metrics;
    private final ListenerAddresses addresses;
    private final Acknowledger acks;
    private final TaskManagerAddress taskManager;

    /**
     * @param acks the reader's acknowledgements, or null: the listener grants none
     * @param taskManager where the reader runs, published with each bound address
     */
    public YomoListenerSplitReader(
            ListenerOptions options,
            FrameQueueSettings queueSettings,
            YomoSourceMetrics metrics,
            Acknowledger acks,
            ListenerAddresses addresses,
            TaskManagerAddress taskManager) {
        super(YomoListenerSplit.class, queueSettings);
        this.options = options;
        this.metrics = metrics;
        this.addresses = addresses;
        this.acks = acks;
        this.taskManager = taskManager;
    }

    @Override
    Endpoint open(YomoListenerSplit split, BoundedFrameQueue<InboundFrame> queue) {
        int port = YomoListenerSplit.portFor(options.port(), split.subtaskIndex());
        if (port != split.port()) {
            // restored from a job version with another port: the configuration wins, so a device
            // fleet moved to a new port is served there (and the old port is not held)
            LOG.info(
                    "{} of source '{}' was checkpointed with port {}; the configuration now says"
                            + " {}, listening on {}",
                    split.splitId(),
                    options.name(),
                    split.port(),
                    port,
                    port);
        }
        if (acks != null) {
            try {
                acks.awaitPositionsAtRestore(split.splitId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while " + split + " waited for the restored positions", e);
            }
        }
        ListenerOptions o = options.toBuilder().port(port).build();
        YomoListener listener =
                new YomoListener(o, queue, metrics, acks == null ? null : acks.table(split));
        InetSocketAddress address;
        try {
            address = listener.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + split, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot start the YoMo listener of "
                            + split
                            + " on "
                            + o.host()
                            + ":"
                            + o.port()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        metrics.bindQueue(queue::size, queue.capacity());
        metrics.bindAddress(address.getPort(), taskManager.reachableAs(address));
        addresses.bound(options.name(), split.subtaskIndex(), address);
        if (o.acceptStreamFunctions()) {
            addresses.serving(options.name(), split.subtaskIndex(), listener.functions());
        }
        if (acks != null) {
            acks.listening(split.splitId(), listener);
        }
        LOG.info(
                "{} of source '{}' listens on {}",
                split.splitId(),
                options.name(),
                taskManager.describe(o.host(), address));
        return new Endpoint() {
            @Override
            public BoundedFrameQueue<InboundFrame> queue() {
                return queue;
            }

            @Override
            public void close() {
                if (acks != null) {
                    acks.closed(split.splitId(), listener);
                }
                if (o.acceptStreamFunctions()) {
                    addresses.stoppedServing(
                            options.name(), split.subtaskIndex(), listener.functions());
                }
                listener.close();
                addresses.closed(options.name(), split.subtaskIndex(), address);
            }
        };
    }
}
