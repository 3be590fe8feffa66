package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.connector.yomo.source.split.YomoConnectSplit;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.QueueingClientListener;
import dev.flinkyomo.yomo.transport.YomoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Connect mode: each assigned split dials the zipper as a stream function (0x5D) observing the
 * source's tags. The client redials with backoff when the connection is lost and follows ConnectTo;
 * a Rejected handshake fails the next fetch, and so the job, with the zipper's reason.
 */
@Internal
public final class YomoConnectSplitReader extends QueueDrainingSplitReader<YomoConnectSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoConnectSplitReader.class);

    private final ClientOptions options;
    private final YomoSourceMetrics metrics;

    public YomoConnectSplitReader(
            ClientOptions options, FrameQueueSettings queueSettings, YomoSourceMetrics metrics) {
        super(YomoConnectSplit.class, queueSettings);
        this.options = options;
        this.metrics = metrics;
    }

    @Override
    Endpoint open(YomoConnectSplit split, BoundedFrameQueue<InboundFrame> queue) {
        QueueingClientListener inbox = new QueueingClientListener(queue, metrics);
        YomoClient client = new YomoClient(options, inbox);
        try {
            client.start(); // connects in the background: a zipper that is not up yet is redialled
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while starting the stream function of " + split, e);
        }
        metrics.bindQueue(queue::size, queue.capacity());
        LOG.info(
                "{} dials the zipper {}:{} as stream function '{}' observing tags {}",
                split.splitId(),
                options.host(),
                options.port(),
                options.name(),
                options.observeDataTags());
        return new Endpoint() {
            @Override
            public BoundedFrameQueue<InboundFrame> queue() {
                return queue;
            }

            @Override
            public void checkHealthy() throws IOException {
                String reason = inbox.rejection();
                if (reason != null) {
                    throw new IOException(
                            "the YoMo zipper "
                                    + options.host()
                                    + ":"
                                    + options.port()
                                    + " rejected stream function '"
                                    + options.name()
                                    + "' ("
                                    + split.splitId()
                                    + "): "
                                    + reason);
                }
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
