package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener's frame memory holds while clients send large frames that nobody reads: paused
 * clients wait (QUIC pushes back) instead of growing the heap, nothing deadlocks when reading
 * resumes, and a client that stalls mid-frame gives its memory back at the frame timeout.
 */
class YomoListenerMemoryBudgetTest {

    private static final int MIB = 1024 * 1024;
    private static final int CLIENTS = 4;
    private static final int FRAMES_EACH = 8;
    private static final int FRAME = 900 * 1024;

    /** One read a connection may take beyond its grant (a read ends past a frame's last byte). */
    private static final long OVERDRAFT_PER_CONNECTION = 128 * 1024;

    @Test
    @Timeout(90)
    void largeFramesFromPausedClientsStayWithinTheFrameMemoryAndAllArrive() throws Exception {
        BoundedFrameQueue<InboundFrame> queue =
                new BoundedFrameQueue<>(10_000, MIB, InboundFrame::heapBytes);
        try (ListenerHarness h =
                new ListenerHarness(
                        queue,
                        b ->
                                b.maxFrameSize(MIB)
                                        .memoryBudget(12L * MIB)
                                        .maxConnections(8)
                                        .maxPendingConnections(8))) {
            long limit = h.listener.frameMemoryLimit();
            assertThat(limit).as("max(max-frame-size, budget / 4)").isEqualTo(3L * MIB);
            AtomicLong peak = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            CompletableFuture<Void> sampler =
                    CompletableFuture.runAsync(
                            () -> {
                                while (sampling.get()) {
                                    peak.accumulateAndGet(h.listener.frameMemoryHeld(), Math::max);
                                    Thread.onSpinWait();
                                }
                            });
            List<YomoClient> clients = new ArrayList<>();
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                YomoClient client =
                        new YomoClient(h.client("big-" + c).build(), YomoClientListener.NO_OP);
                clients.add(client);
                client.start().get(10, TimeUnit.SECONDS);
                senders.add(CompletableFuture.runAsync(() -> sendFrames(client)));
            }

            // nobody drains: the queue fills, frames park, the rest wait for frame memory
            Thread.sleep(3000);
            assertThat(h.metrics.memoryPauses.get())
                    .as("connections that waited for frame memory")
                    .isPositive();
            long whilePaused = peak.get();

            Map<String, Integer> next = new HashMap<>();
            List<InboundFrame> got = h.take(CLIENTS * FRAMES_EACH, Duration.ofSeconds(60));
            sampling.set(false);
            sampler.get();
            for (CompletableFuture<Void> s : senders) {
                s.get(10, TimeUnit.SECONDS);
            }
            clients.forEach(YomoClient::close);

            assertThat(got).as("every frame arrived").hasSize(CLIENTS * FRAMES_EACH);
            for (InboundFrame f : got) {
                int seq = ByteBuffer.wrap(f.payload()).getInt();
                int expected = next.merge(f.connection().clientName(), 1, Integer::sum) - 1;
                assertThat(seq).as("in order per client").isEqualTo(expected);
            }
            assertThat(whilePaused)
                    .as("frame memory held while nobody read (limit %d)", limit)
                    .isLessThanOrEqualTo(limit + CLIENTS * OVERDRAFT_PER_CONNECTION);
            assertThat(peak.get())
                    .as("frame memory held at any time (limit %d)", limit)
                    .isLessThanOrEqualTo(limit + CLIENTS * OVERDRAFT_PER_CONNECTION);
        }
    }

    private static void sendFrames(YomoClient client) {
        try {
            for (int i = 0; i < FRAMES_EACH; i++) {
                if (!client.awaitWritable(Duration.ofSeconds(60))) {
                    throw new AssertionError("sender stayed blocked");
                }
                byte[] p = new byte[FRAME];
                ByteBuffer.wrap(p).putInt(i);
                client.write(new DataFrame(9, new byte[0], p));
                client.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Timeout(60)
    void aClientThatStallsMidFrameIsClosedAtTheFrameTimeoutAndItsMemoryGoesBack() throws Exception {
        try (ListenerHarness h =
                        new ListenerHarness(
                                10_000,
                                b -> b.maxFrameSize(MIB).frameTimeout(Duration.ofMillis(800)));
                RawQuicPeer slow = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            byte[] frame =
                    FinalFrameCodec.INSTANCE.encode(
                            new DataFrame(9, new byte[0], new byte[500 * 1024]));
            slow.write(
                    FinalFrameCodec.INSTANCE.encode(
                            HandshakeFrame.of("slow", "slow-id", ClientType.SOURCE)));
            slow.write(Arrays.copyOf(frame, 1000)); // the header and a little: then it stalls
            long start = System.nanoTime();
            while (h.listener.frameMemoryHeld() == 0
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(5);
            }
            assertThat(h.listener.frameMemoryHeld())
                    .as("the frame's length was granted")
                    .isGreaterThan(400 * 1024);

            CloseReason r = slow.awaitClose();
            long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r.reason())
                    .contains("did not arrive within the frame timeout of 800 ms")
                    .contains("a frame of " + frame.length + " bytes");
            assertThat(closedAfterMillis).isBetween(500L, 5000L);
            assertThat(h.metrics.frameTimeouts.get()).isEqualTo(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (h.listener.frameMemoryHeld() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(h.listener.frameMemoryHeld()).isZero();
        }
    }
}
