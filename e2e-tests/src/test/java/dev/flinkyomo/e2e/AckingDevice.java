package dev.flinkyomo.e2e;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device of the exactly-once cluster tests: a YoMo source in the test JVM that requires
 * acknowledgements and sends the readings 1..N (decimal payloads) at a steady rate; writes block
 * only while its buffer of unacknowledged frames is full, and go on through reconnects. Its QUIC
 * idle timeout is short because a killed listener sends no close.
 */
final class AckingDevice implements AutoCloseable {

    static final long TAG = 0x33;

    final YomoClient client;
    private final AtomicLong lostAt = new AtomicLong();
    private final AtomicLong backAt = new AtomicLong();
    private final AtomicLong writtenWhenLost = new AtomicLong();
    private volatile Thread watcher;

    AckingDevice(int port, String producerId) {
        ClientOptions options =
                ClientOptions.builder("127.0.0.1", port, "e2e-device", ClientType.SOURCE)
                        .acknowledgements(AckOptions.of(producerId).withRequired(true))
                        .idleTimeout(Duration.ofSeconds(3))
                        .keepAlive(Duration.ofSeconds(1))
                        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .build();
        client = new YomoClient(options, YomoClientListener.NO_OP);
    }

    /** Connects (redialling until a listener answers) and checks the grant. */
    void connect(Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        client.start().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!client.acknowledgementsGranted()) {
            throw new IllegalStateException("the listener did not grant acknowledgements");
        }
    }

    /** Sends 1..frames, one every {@code interval}, on another thread. */
    CompletableFuture<Void> sendAsync(int frames, Duration interval) {
        long step = interval.toNanos();
        return CompletableFuture.runAsync(
                () -> {
                    long start = System.nanoTime();
                    for (int i = 1; i <= frames; i++) {
                        long due = start + (i - 1) * step;
                        long left;
                        while ((left = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(left);
                        }
                        byte[] payload = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
                        client.write(new DataFrame(TAG, new byte[0], payload));
                        client.flush();
                    }
                });
    }

    /**
     * Waits until at least {@code sequence} frames were written and {@code durable} are durable.
     */
    void awaitProgress(long sequence, long durable, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((client.lastSequence() < sequence || client.durableSequence() < durable)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Asserts that the device wrote {@code frames} and the receiver acknowledged them all. */
    void assertEveryFrameAcknowledged(int frames) throws InterruptedException {
        assertThat(client.lastSequence()).isEqualTo(frames);
        assertThat(client.awaitDurable(frames, Duration.ofSeconds(60)))
                .as("every frame acknowledged (durable %d)", client.durableSequence())
                .isTrue();
        assertThat(client.unacknowledgedFrames()).isZero();
    }

    /**
     * From now on, records when the connection is first seen lost and when it is back (sampled
     * every 10 ms).
     */
    void watchConnection() {
        Thread t =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                boolean connected = client.isConnected();
                                long now = System.currentTimeMillis();
                                if (!connected) {
                                    if (lostAt.compareAndSet(0, now)) {
                                        writtenWhenLost.set(client.lastSequence());
                                    }
                                } else if (lostAt.get() != 0) {
                                    backAt.compareAndSet(0, now);
                                    return;
                                }
                                try {
                                    Thread.sleep(10);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "e2e-device-watch");
        t.setDaemon(true);
        t.start();
        watcher = t;
    }

    /** When the watched connection was seen lost (epoch ms), 0 if never. */
    long lostAt() {
        return lostAt.get();
    }

    /** The device's last written sequence when the connection was seen lost. */
    long writtenWhenLost() {
        return writtenWhenLost.get();
    }

    /** When it was seen connected again (epoch ms), 0 if never. */
    long backAt() {
        return backAt.get();
    }

    @Override
    public void close() {
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
        client.close();
    }
}
