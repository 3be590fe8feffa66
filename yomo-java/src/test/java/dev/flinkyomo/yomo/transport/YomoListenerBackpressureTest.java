package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full queue stops the listener reading; QUIC flow control then blocks the sender. Draining
 * resumes it and every frame arrives, in order, while the queue never exceeds its capacity.
 */
class YomoListenerBackpressureTest {

    private static final int CAPACITY = 64;
    private static final int FRAMES = 3000;
    private static final int PAYLOAD = 1024;

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void fullQueuePushesBackToTheSenderAndLosesNothing() throws Exception {
        try (ListenerHarness h = new ListenerHarness(CAPACITY, b -> b.streamWindow(64 * 1024));
                YomoClient client =
                        new YomoClient(h.client("fast").build(), YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> sender =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    for (int i = 0; i < FRAMES; i++) {
                                        if (!client.awaitWritable(Duration.ofSeconds(30))) {
                                            throw new AssertionError("sender stayed blocked");
                                        }
                                        byte[] p = new byte[PAYLOAD];
                                        ByteBuffer.wrap(p).putInt(i);
                                        client.write(new DataFrame(9, new byte[0], p));
                                        written.incrementAndGet();
                                        if (i % 16 == 15) {
                                            client.flush();
                                        }
                                    }
                                    client.flush();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });

            // nobody drains: the listener must pause and the sender must block
            await(
                    () -> h.queue.size() == CAPACITY && h.queue.waitingProducers() == 1,
                    "the listener paused");
            await(() -> !client.isWritable(), "the sender is blocked by flow control");
            // the rest waits in the sender's buffers, held back by QUIC flow control
            assertThat(h.queue.size()).isEqualTo(CAPACITY);
            assertThat(h.metrics.frames.get())
                    .as("frames the listener decoded while paused")
                    .isLessThan(FRAMES);
            assertThat(h.metrics.pauses.get()).isPositive();

            List<InboundFrame> got = new ArrayList<>(FRAMES);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.size() < FRAMES && System.nanoTime() < deadline) {
                h.queue.drainTo(got, 16, Duration.ofMillis(100)); // a slow consumer
            }
            sender.get(10, TimeUnit.SECONDS);
            assertThat(got).hasSize(FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                assertThat(ByteBuffer.wrap(got.get(i).payload()).getInt()).isEqualTo(i);
            }
            assertThat(h.queue.highWaterMark()).isLessThanOrEqualTo(CAPACITY);
            assertThat(h.metrics.frames.get()).isEqualTo(FRAMES);
            assertThat(h.metrics.decodeErrors.get()).isZero();
        }
    }

    @Test
    void whenWritableCallsBackOnlyOnceFlowControlLetsTheSenderGoOn() throws Exception {
        try (ListenerHarness h = new ListenerHarness(CAPACITY, b -> b.streamWindow(64 * 1024));
                YomoClient client =
                        new YomoClient(
                                h.client("event-loop-writer").build(), YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            // nothing written yet, so the stream is writable: called back at once
            CompletableFuture<Void> now = new CompletableFuture<>();
            client.whenWritable(() -> now.complete(null));
            now.get(5, TimeUnit.SECONDS);

            CompletableFuture<Void> writable = new CompletableFuture<>();
            // nobody drains: keep writing whenever the stream takes more, until the listener has
            // paused and the stream has stayed blocked for 500 ms (the peer's windows are full)
            long fillDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long blockedSince = 0;
            while (blockedSince == 0
                    || System.nanoTime() - blockedSince < TimeUnit.MILLISECONDS.toNanos(500)
                    || h.queue.waitingProducers() != 1) {
                if (System.nanoTime() > fillDeadline) {
                    throw new AssertionError("the stream never stayed blocked");
                }
                if (client.isWritable()) {
                    client.send(new DataFrame(9, new byte[0], new byte[PAYLOAD]));
                    blockedSince = 0;
                } else {
                    blockedSince = blockedSince == 0 ? System.nanoTime() : blockedSince;
                    Thread.sleep(5);
                }
            }
            assertThat(client.isWritable()).isFalse();
            client.whenWritable(() -> writable.complete(null));
            Thread.sleep(300);
            assertThat(writable).as("called back while the stream is still blocked").isNotDone();

            List<InboundFrame> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!writable.isDone() && System.nanoTime() < deadline) {
                h.queue.drainTo(got, 64, Duration.ofMillis(50));
            }
            writable.get(1, TimeUnit.SECONDS);
            // a callback means "look again"; with the consumer draining, the stream does become
            // writable
            while (!client.isWritable() && System.nanoTime() < deadline) {
                h.queue.drainTo(got, 64, Duration.ofMillis(50));
            }
            assertThat(client.isWritable()).isTrue();
        }
    }
}
