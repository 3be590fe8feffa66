package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once issue's bounded-buffer case over real QUIC on 127.0.0.1: the receiver goes away
 * while an acknowledging producer keeps writing. The producer takes writes until its buffer of
 * unacknowledged frames is full, then its writer blocks (backpressure, not a drop); when a receiver
 * is back on the same port, the producer resends, the writer goes on, and the receiver ends with
 * every frame once, in order.
 */
class AckOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int BUFFER = 50;
    private static final int FRAMES = 200;

    private static DataFrame frame(int i) {
        return new DataFrame(0x21, new byte[0], ("p-" + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWriterBlocksWhileTheReceiverIsDownAndLosesNothingWhenItIsBack() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        ListenerHarness first =
                new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, reader);
        int port = first.address.getPort();
        AtomicInteger written = new AtomicInteger();
        try (YomoClient client =
                new YomoClient(
                        first.client("sensor")
                                .acknowledgements(
                                        AckOptions.of("dev-1").withMaxUnackedFrames(BUFFER))
                                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                                .build(),
                        YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 20; i++) {
                client.write(frame(i));
            }
            client.flush();
            assertThat(reader.emit(first, 20, WAIT)).isEqualTo(20);
            first.listener.acknowledge("dev-1", 20); // 1..20 durable: a checkpoint covered them
            assertThat(client.awaitDurable(20, WAIT)).isTrue();

            first.close(); // the receiver is down
            CompletableFuture<Void> writer =
                    CompletableFuture.runAsync(
                            () -> {
                                for (int i = 21; i <= FRAMES; i++) {
                                    client.send(frame(i));
                                    written.set(i);
                                }
                            });

            // the writer fills the buffer (21..70) and then blocks, however long the outage
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (written.get() < 20 + BUFFER && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(500);
            assertThat(written.get()).as("written while the receiver is down").isEqualTo(70);
            assertThat(writer).as("the writer blocks on the full buffer").isNotDone();
            assertThat(client.unacknowledgedFrames()).isEqualTo(BUFFER);
            assertThat(client.isConnected()).isFalse();

            // the receiver is back, restored at the durable position, and acknowledges as it goes
            reader.emitted.put("dev-1", 20L);
            try (ListenerHarness second =
                    new ListenerHarness(
                            new BoundedFrameQueue<>(10_000), b -> b.port(port), reader)) {
                int emitted = 20;
                while (emitted < FRAMES && System.nanoTime() < deadline + WAIT.toNanos()) {
                    emitted += reader.emit(second, 1, WAIT);
                    second.listener.acknowledge("dev-1", emitted);
                }
                writer.get(10, TimeUnit.SECONDS);
                assertThat(reader.payloads).containsExactlyElementsOf(payloads(1, FRAMES));
                assertThat(reader.duplicatesAtEmit).isZero();
                assertThat(client.awaitDurable(FRAMES, WAIT)).isTrue();
                assertThat(client.unacknowledgedFrames()).isZero();
            }
        }
    }

    private static List<String> payloads(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "p-" + i).collect(Collectors.toList());
    }
}
