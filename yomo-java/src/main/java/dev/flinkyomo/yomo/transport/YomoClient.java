package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.DataFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.quic.QuicStreamChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A YoMo client over QUIC: a source (0x5F) writing data frames, or a stream function (0x5D)
 * receiving the tags it observes. Dials, sends the handshake, waits for the answer: HandshakeAck
 * (connected), Rejected (stop for good), ConnectTo (redial there). A lost connection is redialled
 * with exponential backoff.
 *
 * <p>Writes may come from any thread; their order is kept. Honour {@link #isWritable()} / {@link
 * #awaitWritable} to let QUIC flow control push back instead of buffering without bound.
 *
 * <p>Keep-alive: see {@link QuicKeepAlive}; against a YoMo zipper its own PINGs (every 2 s) keep
 * the connection up.
 *
 * <p>This class is the facade; the work is done by {@link ClientEventLoop} (thread and socket),
 * {@link ClientConnector} (dial, handshake, redirects), {@link ClientLifecycle} (state, reconnect),
 * {@link WritabilitySignal} (outbound flow control) and {@link ClientStreamHandler} (inbound frames
 * and their backpressure).
 */
@PublicEvolving
public final class YomoClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YomoClient.class);

    /** States of the client as a whole (one connection at a time). */
    public enum State {
        NEW,
        CONNECTING,
        CONNECTED,
        REJECTED,
        CLOSED
    }

    private final ClientOptions options;
    private final WritabilitySignal writability = new WritabilitySignal();
    private final ClientLifecycle lifecycle;
    private final ClientConnector connector;

    /** The acknowledgement extension, or null for a stock client. */
    private final ClientAcks acks;

    private ClientEventLoop eventLoop;
    private volatile EventLoop loop;

    public YomoClient(ClientOptions options, YomoClientListener listener) {
        this.options = options;
        this.acks = options.acknowledgements() != null ? new ClientAcks(options) : null;
        this.lifecycle =
                new ClientLifecycle(
                        options, listener, writability, acks != null ? acks::close : () -> {});
        this.connector = new ClientConnector(options, listener, lifecycle, acks);
    }

    /**
     * Starts dialling. The future completes at the first acknowledged handshake and fails with
     * {@link YomoRejectedException} on Rejected, or with an IOException when the connection fails
     * and reconnecting is off.
     *
     * @throws AckJournalException when {@link AckOptions#withJournal a journal} is configured and
     *     cannot be used (locked by another client, damaged, another producer's); the client is
     *     then not started
     */
    public synchronized CompletableFuture<Void> start() throws InterruptedException {
        if (lifecycle.state() != State.NEW) {
            throw new IllegalStateException("client already started");
        }
        if (acks != null) {
            acks.openJournal();
        }
        eventLoop = ClientEventLoop.start(options);
        loop = eventLoop.loop();
        connector.attach(eventLoop);
        writability.attach(loop);
        lifecycle.connecting();
        loop.execute(connector::dialHome);
        return lifecycle.firstConnect();
    }

    public State state() {
        return lifecycle.state();
    }

    public boolean isConnected() {
        return lifecycle.state() == State.CONNECTED;
    }

    /** The close code and reason of the last connection the peer closed, or null. */
    public CloseReason lastCloseReason() {
        return lifecycle.lastCloseReason();
    }

    /**
     * Queues a frame without flushing; throws IllegalStateException when not connected.
     *
     * <p>With {@link ClientOptions#acknowledgements() acknowledgements}, the frame is numbered and
     * kept until the receiver acknowledges it as durable; it is also taken while the client is
     * reconnecting (it goes out after the resend). While the buffer of unacknowledged frames is
     * full this blocks (on the client's event loop it throws instead); it throws
     * IllegalStateException once the client is closed or stopped.
     */
    public void write(DataFrame frame) {
        if (acks != null) {
            writeAcknowledged(frame);
            return;
        }
        QuicStreamChannel stream = connectedStream();
        stream.write(Unpooled.wrappedBuffer(connector.codec().encode(frame)), stream.voidPromise());
    }

    private void writeAcknowledged(DataFrame frame) {
        State state = lifecycle.state();
        if (state != State.CONNECTED && state != State.CONNECTING) {
            throw new IllegalStateException(
                    "YoMo client '" + options.name() + "' is not connected (" + state + ")");
        }
        EventLoop l = loop;
        acks.write(frame, l == null || !l.inEventLoop());
    }

    public void flush() {
        ClientSession s = connector.current();
        if (s != null && s.stream != null) {
            s.stream.flush();
        }
    }

    /** {@link #write} and {@link #flush}. */
    public void send(DataFrame frame) {
        write(frame);
        flush();
    }

    /**
     * False while the stream's send buffer is above Netty's high water mark, and with
     * acknowledgements while the buffer of unacknowledged frames is full.
     */
    public boolean isWritable() {
        ClientSession s = connector.current();
        return s != null
                && s.connected
                && s.stream.isWritable()
                && (acks == null || acks.hasRoom());
    }

    /**
     * The sequence of the last frame written (acknowledgements only; 0 before the first, and for a
     * stock client).
     */
    public long lastSequence() {
        return acks == null ? 0 : acks.lastSequence();
    }

    /** The highest sequence the receiver acknowledged as durable; 0 for none or a stock client. */
    public long durableSequence() {
        return acks == null ? 0 : acks.durableSequence();
    }

    /** Frames numbered but not yet acknowledged as durable (0 for a stock client). */
    public int unacknowledgedFrames() {
        return acks == null ? 0 : acks.unacknowledgedFrames();
    }

    /** Whether the current (or last) connection was granted acknowledgements. */
    public boolean acknowledgementsGranted() {
        return acks != null && acks.granted();
    }

    /**
     * Waits until the receiver has acknowledged {@code sequence} as durable; false on timeout, when
     * the client stops, or for a stock client.
     */
    public boolean awaitDurable(long sequence, Duration timeout) throws InterruptedException {
        return acks != null && acks.awaitDurable(sequence, timeout);
    }

    /**
     * Runs {@code callback} on the client's event loop when the stream may have become writable:
     * after a writability change, a connect or a connection loss (so the caller looks again and
     * sees which). Runs it right away, on the event loop, if the stream is writable now; callbacks
     * still waiting when the client is closed are dropped with its event loop. The non-blocking
     * counterpart of {@link #awaitWritable}, for writers on the event loop that must not poll.
     */
    public void whenWritable(Runnable callback) {
        writability.whenSignalled(this::isWritable, callback);
    }

    /** Waits until {@link #isWritable()}; false on timeout or if the connection is gone. */
    public boolean awaitWritable(Duration timeout) throws InterruptedException {
        return writability.await(
                timeout,
                this::isWritable,
                () -> {
                    State state = lifecycle.state();
                    return state == State.CONNECTED || state == State.CONNECTING;
                });
    }

    private QuicStreamChannel connectedStream() {
        ClientSession s = connector.current();
        if (s == null || !s.connected) {
            throw new IllegalStateException(
                    "YoMo client '"
                            + options.name()
                            + "' is not connected ("
                            + lifecycle.state()
                            + ")");
        }
        return s.stream;
    }

    /**
     * Closes without losing what was written: flushes, ends the stream with a QUIC FIN after the
     * last frame, waits until the peer has read up to that FIN, then {@link #close() closes}. QUIC
     * delivers stream data in order, so the peer ending its side of the stream (our listener
     * answers a FIN with its own) or closing the connection after our FIN means it read everything.
     * A plain {@link #close()} would discard what QUIC has not delivered yet. Call it after the
     * last write: nothing can be written after the FIN.
     *
     * @param timeout upper bound of the wait for the peer
     * @return true when the peer confirmed within the timeout; false when there was no connected
     *     session or no confirmation came (frames in flight may then be lost)
     */
    public boolean closeGracefully(Duration timeout) throws InterruptedException {
        ClientSession s = connector.current();
        boolean confirmed = false;
        if (s != null && s.connected) {
            try {
                loop.execute(() -> s.endStream(connector.current() == s));
                s.peerEnded.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                confirmed = true;
            } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
                LOG.warn(
                        "YoMo client {}: {} did not confirm the end of the stream ({}); closing anyway",
                        LogSafe.quote(options.name()),
                        s.endpoint,
                        e instanceof TimeoutException
                                ? "no answer within " + timeout.toMillis() + " ms"
                                : e.toString());
            }
        }
        close();
        return confirmed;
    }

    /** Closes the connection (error 0x13, "client closed") and releases the event loop. */
    @Override
    public synchronized void close() {
        if (lifecycle.state() == State.CLOSED && eventLoop == null) {
            return;
        }
        lifecycle.closed();
        if (eventLoop == null) {
            return;
        }
        loop.execute(() -> connector.closeCurrent("client closed"));
        eventLoop.shutdown();
        eventLoop = null;
        writability.signal();
    }
}
