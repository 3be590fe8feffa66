package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sink subtask's connection to a zipper, as a YoMo source: a {@link YomoClient} plus blocking
 * writes that honour flow control. A write waits while the client reconnects or while its send
 * buffer is above the high water mark (the zipper is not granting QUIC credit), so Flink sees
 * backpressure instead of the buffer growing; it fails after the write timeout, or at once when the
 * zipper rejected the client. No Flink imports, so it is testable on its own.
 */
final class ZipperConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZipperConnection.class);

    /** Upper bound of one wait, so state changes (rejection, close) are seen promptly. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final ClientOptions options;
    private final Duration writeTimeout;
    private final YomoClient client;
    private final AtomicLong connects = new AtomicLong();
    private final CountDownLatch rejected = new CountDownLatch(1);
    private volatile String rejection;
    private volatile String lastLoss;
    private volatile boolean closing;
    private long blockedNanos;

    ZipperConnection(ClientOptions options, Duration writeTimeout) {
        this.options = options;
        this.writeTimeout = writeTimeout;
        this.client = new YomoClient(options, new Events());
    }

    /** Starts dialling; returns at once (the first write waits for the handshake). */
    void start() throws IOException {
        try {
            client.start().exceptionally(e -> null); // outcomes are read from the client state
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the YoMo sink client", e);
        }
    }

    /**
     * Queues {@code frame} on the connection, waiting for it to become writable first.
     *
     * @throws IOException when the zipper rejected the client or the wait exceeded the timeout
     */
    void write(DataFrame frame) throws IOException, InterruptedException {
        while (true) {
            awaitWritable();
            try {
                client.write(frame);
                return;
            } catch (IllegalStateException lostMeanwhile) {
                // the connection went away between the check and the write: wait for the next one
            }
        }
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
        if (client.isConnected()) {
            awaitWritable();
        }
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
                    + " ms (write timeout)";
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
                    "YoMo sink client '{}' lost its connection to {} ({}); frames in flight are lost, reconnecting",
                    options.name(),
                    endpoint(),
                    reason);
        }

        @Override
        public void onRejected(String reason) {
            rejection = reason;
            rejected.countDown();
        }
    }
}
