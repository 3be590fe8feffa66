package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.AcknowledgementsRefusedException;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sink subtask's connection to a zipper: a {@link YomoClient} plus writes that honour flow
 * control and the sink's {@link OutagePolicy}. With {@code BLOCK} a write waits while the client
 * reconnects or while its send buffer is above the high water mark (the zipper is not granting QUIC
 * credit), so Flink sees backpressure instead of the buffer growing; it fails after the write
 * timeout, or at once when the zipper rejected the client. With {@code DROP} a write while not
 * connected returns false at once, and one that waited the write timeout for credit returns false
 * instead of failing. No Flink imports, so it is testable on its own.
 *
 * <p>With acknowledgements (the sink's {@code AT_LEAST_ONCE}; always required, always {@code
 * BLOCK}) the client keeps every frame until the receiver acknowledges it as durable and resends it
 * after a reconnect; {@link #awaitAcknowledged} waits at a checkpoint until everything written is
 * acknowledged, and a receiver that does not grant acknowledgements stops the client for good.
 */
@Internal
final class ZipperConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZipperConnection.class);

    /** Upper bound of one wait, so state changes (rejection, close) are seen promptly. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final ClientOptions options;
    private final Duration writeTimeout;
    private final OutagePolicy policy;
    private final YomoClient client;

    /** Whether the client uses the acknowledgement extension (required). */
    private final boolean acknowledged;

    private final AtomicLong connects = new AtomicLong();
    private final CountDownLatch rejected = new CountDownLatch(1);
    private volatile String rejection;
    private volatile String lastLoss;
    private volatile AcknowledgementsRefusedException ackRefusal;
    private volatile boolean ackRefusedOnReconnect;
    private volatile boolean closing;

    /** Completes at the first handshake; DROP's first record waits for it once (see write). */
    private CompletableFuture<Void> firstConnection = CompletableFuture.completedFuture(null);

    private boolean firstRecordWaited;
    private long blockedNanos;
    private long ackWaitNanos;

    ZipperConnection(ClientOptions options, Duration writeTimeout, OutagePolicy policy) {
        this.options = options;
        this.writeTimeout = writeTimeout;
        this.policy = policy;
        this.acknowledged = options.acknowledgements() != null;
        if (acknowledged && policy == OutagePolicy.DROP) {
            throw new IllegalArgumentException(
                    "acknowledgements cannot go with outage policy DROP");
        }
        this.client = new YomoClient(options, new Events());
    }

    /**
     * Starts dialling. With {@code BLOCK} it returns at once (the first write waits for the
     * handshake). With {@code DROP} it waits up to the write timeout for the first handshake, so
     * the first records are not dropped only because the dial was still under way; a zipper that is
     * down does not stop the writer, the client keeps dialling in the background.
     */
    void start() throws IOException {
        CompletableFuture<Void> connected;
        try {
            connected = client.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the YoMo sink client", e);
        }
        firstConnection = connected;
        connected.exceptionally(
                e -> { // other outcomes are read from the client state
                    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                    if (cause instanceof AcknowledgementsRefusedException refused) {
                        ackRefusal = refused;
                    }
                    return null;
                });
        if (acknowledged) {
            awaitFirstHandshake(connected);
        }
        if (policy == OutagePolicy.DROP) {
            try {
                connected.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while dialling " + endpoint(), e);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn(
                        "YoMo sink client '{}' not connected to {} after {} ms; records are dropped"
                                + " until it is",
                        options.name(),
                        endpoint(),
                        writeTimeout.toMillis());
            }
        }
    }

    /**
     * Acknowledgements: fails at connect, not at the first record, against a receiver that does not
     * grant them; a receiver not answering within the handshake timeout is waited for by the first
     * write.
     */
    private void awaitFirstHandshake(CompletableFuture<Void> connected) throws IOException {
        try {
            try {
                connected.get(options.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // not connected yet, or stopped: checkUsable says which
            }
            checkUsable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dialling " + endpoint(), e);
        }
    }

    /**
     * Queues {@code frame} on the connection, waiting for it to become writable first (see the
     * class comment for how long, by policy).
     *
     * @return false when the frame was dropped ({@code DROP} only)
     * @throws IOException ({@code BLOCK}) when the zipper rejected the client or the wait exceeded
     *     the timeout
     */
    boolean write(DataFrame frame) throws IOException, InterruptedException {
        if (policy == OutagePolicy.DROP && !firstRecordWaited) {
            // Once, before the first connection ever: the first record waits up to the write
            // timeout for the dial still under way (a peer that came up after the writer opened),
            // so it is not dropped only because the redial had not come round yet. After that,
            // and after any later loss, DROP drops at once. RealYomoExamplesIT's
            // 4-cascading-zipper lost its first write when zipper-2 started 2 s before it.
            firstRecordWaited = true;
            try {
                firstConnection.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException stillDown) {
                // dropped below, as any record while no zipper answers
            }
        }
        while (true) {
            if (policy == OutagePolicy.DROP
                    && (!client.isConnected() || !awaitCredit(writeTimeout))) {
                return false;
            }
            if (policy == OutagePolicy.BLOCK) {
                awaitWritable();
            }
            try {
                client.write(frame);
                return true;
            } catch (IllegalStateException lostMeanwhile) {
                // the connection went away between the check and the write: BLOCK waits for the
                // next one, DROP finds it not connected on the next turn
            }
        }
    }

    /**
     * Acknowledgements only: waits until the receiver has acknowledged every frame written so far
     * as durable, at most the write timeout (a reconnect meanwhile resends what it lacks).
     *
     * @throws IOException when the wait exceeded the write timeout, naming the receiver and the
     *     frames still unacknowledged, or when the client stopped
     */
    void awaitAcknowledged() throws IOException, InterruptedException {
        client.flush();
        if (!acknowledged) {
            return;
        }
        long target = client.lastSequence();
        if (Long.compareUnsigned(client.durableSequence(), target) >= 0) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + writeTimeout.toNanos();
        try {
            while (!client.awaitDurable(target, POLL)) {
                checkUsable();
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException(unacknowledgedMessage(target));
                }
                client.flush();
            }
        } finally {
            ackWaitNanos += System.nanoTime() - start;
        }
    }

    private String unacknowledgedMessage(long target) {
        long durable = client.durableSequence();
        return "YoMo sink client '"
                + options.name()
                + "' (delivery guarantee AT_LEAST_ONCE, producer "
                + LogSafe.quote(options.acknowledgements().producerId())
                + "): the receiver at "
                + endpoint()
                + " did not acknowledge the frames written before this checkpoint within the write"
                + " timeout of "
                + writeTimeout.toMillis()
                + " ms: "
                + client.unacknowledgedFrames()
                + " frame(s) unacknowledged, durable up to sequence "
                + Long.toUnsignedString(durable)
                + " of "
                + Long.toUnsignedString(target)
                + (client.isConnected() ? "" : ", not connected")
                + (lastLoss != null
                        ? " (last error: " + LogSafe.quote(lastLoss, LogSafe.MESSAGE_CHARS) + ")"
                        : "")
                + ". The receiver acknowledges when its job completes a checkpoint: it needs"
                + " checkpointing, with an interval well below 'sink.write-timeout'";
    }

    /** Connected: waits up to {@code timeout} for credit, flushing what is buffered meanwhile. */
    private boolean awaitCredit(Duration timeout) throws InterruptedException {
        if (client.isWritable()) {
            return true;
        }
        long start = System.nanoTime();
        try {
            client.flush();
            return client.awaitWritable(timeout);
        } finally {
            blockedNanos += System.nanoTime() - start;
        }
    }

    /** Why writes are being dropped: the client's state and the last loss or rejection. */
    String outageReason() {
        // both are the zipper's words (a Rejected message, a close reason): quoted for the log
        String why = rejection != null ? "rejected: " + rejection : lastLoss;
        why = why == null ? null : LogSafe.quote(why, LogSafe.MESSAGE_CHARS);
        return client.state() + (why != null ? " (" + why + ")" : "");
    }

    void flush() {
        client.flush();
    }

    /**
     * Flushes and waits until the send buffer is below the high water mark again, so a checkpoint
     * does not complete with an unbounded backlog still in Netty's buffer.
     */
    void flushAndAwaitWritable() throws IOException, InterruptedException {
        client.flush();
        if (client.isConnected() && policy == OutagePolicy.BLOCK) {
            awaitWritable();
        }
        // DROP: a checkpoint must not fail on a slow peer either; the backlog is bounded by the
        // credit wait of each write
    }

    private void awaitWritable() throws IOException, InterruptedException {
        if (client.isWritable()) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + writeTimeout.toNanos();
        try {
            while (true) {
                checkUsable();
                // frames written but not flushed count against the high water mark: flush them,
                // or a batch larger than the mark would wait forever
                client.flush();
                if (client.awaitWritable(POLL)) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException(timeoutMessage());
                }
            }
        } finally {
            blockedNanos += System.nanoTime() - start;
        }
    }

    private void checkUsable() throws IOException, InterruptedException {
        YomoClient.State state = client.state();
        if (state == YomoClient.State.REJECTED) {
            // the client switches state just before it reports the reason
            rejected.await(1, TimeUnit.SECONDS);
            if (ackRefusal != null || ackRefusedOnReconnect) {
                throw new IOException(
                        "YoMo sink '"
                                + options.name()
                                + "' has delivery guarantee AT_LEAST_ONCE, but the receiver at "
                                + endpoint()
                                + " did not grant acknowledgements: it is a stock YoMo zipper or a"
                                + " listener without acknowledgements. Point the sink at a flink-yomo"
                                + " listener source with 'scan.acknowledgements' = 'on-checkpoint'"
                                + " (setAcknowledgements(ON_CHECKPOINT)), or set"
                                + " 'sink.delivery-guarantee' = 'none'"
                                + " (setDeliveryGuarantee(NONE)) for at-most-once",
                        ackRefusal != null
                                ? ackRefusal
                                : new AcknowledgementsRefusedException(rejection));
            }
            throw new IOException(
                    "YoMo zipper "
                            + endpoint()
                            + " rejected sink client '"
                            + options.name()
                            + "': "
                            + rejection);
        }
        if (state == YomoClient.State.CLOSED) {
            throw new IOException(
                    "YoMo sink client '" + options.name() + "' to " + endpoint() + " is closed");
        }
    }

    private String timeoutMessage() {
        if (client.isConnected()) {
            return "YoMo zipper "
                    + endpoint()
                    + " granted no flow-control credit to sink client '"
                    + options.name()
                    + "' for "
                    + writeTimeout.toMillis()
                    + " ms (write timeout)"
                    + (acknowledged
                            ? ", or acknowledged too little for the buffer of unacknowledged"
                                    + " frames to take more ("
                                    + client.unacknowledgedFrames()
                                    + " frame(s) unacknowledged; the receiver acknowledges when"
                                    + " its job completes a checkpoint)"
                            : "");
        }
        return "YoMo sink client '"
                + options.name()
                + "' could not (re)connect to "
                + endpoint()
                + " within the write timeout of "
                + writeTimeout.toMillis()
                + " ms"
                + (lastLoss != null ? "; last error: " + lastLoss : "");
    }

    private String endpoint() {
        return options.host() + ":" + options.port();
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** Number of acknowledged handshakes after the first one. */
    long reconnects() {
        return Math.max(0, connects.get() - 1);
    }

    /** Total time writes spent waiting for the connection or for flow-control credit. */
    long blockedMillis() {
        return blockedNanos / 1_000_000;
    }

    /** Total time checkpoints waited for acknowledgements (0 without them). */
    long acknowledgementWaitMillis() {
        return ackWaitNanos / 1_000_000;
    }

    /** Frames written but not yet acknowledged as durable (0 without acknowledgements). */
    long unacknowledgedFrames() {
        return client.unacknowledgedFrames();
    }

    /** The highest sequence the receiver acknowledged (0 without acknowledgements). */
    long durableSequence() {
        return client.durableSequence();
    }

    boolean acknowledged() {
        return acknowledged;
    }

    String clientId() {
        return options.id();
    }

    /**
     * Closes after the zipper has read every frame written: closing a QUIC connection discards what
     * it has not delivered yet, so the stream is ended first and the close waits (at most {@code
     * drainTimeout}; zero closes at once) until the zipper has read up to that end. See {@link
     * YomoClient#closeGracefully}.
     */
    void close(Duration drainTimeout) throws InterruptedException {
        closing = true;
        if (drainTimeout.isZero() || !client.isConnected()) {
            client.close();
            return;
        }
        long start = System.nanoTime();
        boolean confirmed = client.closeGracefully(drainTimeout);
        LOG.info(
                "YoMo sink client '{}' closed after {} ms{}",
                options.name(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                confirmed ? "; the zipper read every frame" : "");
    }

    @Override
    public void close() {
        closing = true;
        client.close();
    }

    /** Runs on the client's event loop: record only. */
    private final class Events implements YomoClientListener {
        @Override
        public void onConnected(String endpoint) {
            if (connects.incrementAndGet() > 1) {
                LOG.info("YoMo sink client '{}' reconnected to {}", options.name(), endpoint);
            }
        }

        @Override
        public void onDisconnected(String reason) {
            lastLoss = reason;
            if (closing) {
                return;
            }
            LOG.warn(
                    "YoMo sink client '{}' lost its connection to {} ({}); {}, reconnecting",
                    options.name(),
                    endpoint(),
                    LogSafe.quote(reason, LogSafe.MESSAGE_CHARS),
                    acknowledged
                            ? client.unacknowledgedFrames()
                                    + " unacknowledged frame(s) are resent after it"
                            : "frames in flight are lost");
        }

        @Override
        public void onRejected(String reason) {
            // the client's own refusal (ClientAcks), also on a reconnect after the first connect
            ackRefusedOnReconnect =
                    acknowledged
                            && reason != null
                            && reason.contains("did not grant acknowledgements");
            rejection = reason;
            rejected.countDown();
        }
    }
}
