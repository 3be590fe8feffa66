package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;

/**
 * Hands the frames a zipper routes to a stream-function {@link YomoClient} to a bounded queue, as
 * {@link InboundFrame}s like a listener's. A full queue refuses the frame, which pauses the
 * client's reading until the consumer has drained the queue (see {@link
 * YomoClientListener#offerData}). A Rejected handshake is remembered for the consumer to act on.
 *
 * <p>The frames' {@link ConnectionInfo} names the zipper (client type 0x5E, no client name or id):
 * in YoMo a stream function does not learn which client wrote a frame other than through its {@code
 * yomo-source-id} metadata.
 */
@PublicEvolving
public final class QueueingClientListener implements YomoClientListener {

    private final BoundedFrameQueue<InboundFrame> queue;
    private final ListenerMetrics metrics;
    private volatile ConnectionInfo zipper = zipperAt("not connected");
    private volatile String rejection;

    public QueueingClientListener(BoundedFrameQueue<InboundFrame> queue, ListenerMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public boolean offerData(DataFrame frame, int wireBytes) {
        InboundFrame inbound;
        try { // the constructor validates the metadata
            inbound =
                    new InboundFrame(
                            frame.tag(),
                            frame.metadata(),
                            frame.payload(),
                            zipper,
                            System.currentTimeMillis());
        } catch (YomoProtocolException e) {
            metrics.decodeError();
            throw e; // the client closes the connection with the reason and redials
        }
        if (!queue.offer(inbound)) {
            metrics.readPaused();
            return false;
        }
        metrics.framesReceived(1, wireBytes);
        return true;
    }

    @Override
    public void whenReady(Runnable resume) {
        queue.whenSpaceAvailable(resume);
    }

    @Override
    public void onConnected(String endpoint) {
        zipper = zipperAt(endpoint);
        metrics.handshakeAccepted();
        metrics.connectionOpened();
    }

    @Override
    public void onDisconnected(String reason) {
        metrics.connectionClosed();
    }

    @Override
    public void onRejected(String reason) {
        metrics.handshakeRejected();
        rejection = reason;
        queue.wakeUp(); // let a waiting consumer see it now
    }

    /** The zipper's reason if it rejected the handshake (the client has stopped), else null. */
    public String rejection() {
        return rejection;
    }

    private static ConnectionInfo zipperAt(String endpoint) {
        return new ConnectionInfo(
                null, null, ClientType.UPSTREAM_ZIPPER.code(), ProtocolGeneration.FINAL, endpoint);
    }
}
