package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.flinkyomo.yomo.transport.EmittingConsumer.payloads;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbered frames, acknowledgements, resending and the buffer bound over real QUIC on 127.0.0.1
 * (ACKS.md, Session 3-5 and Client state), with {@link EmittingConsumer} as the reader.
 */
class AckDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final FinalFrameCodec CODEC = FinalFrameCodec.INSTANCE;

    private static DataFrame frame(int i) {
        return new DataFrame(0x21, new byte[0], ("p-" + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesAreNumberedAndAnAckReleasesThem() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        try (ListenerHarness h =
                        new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, reader);
                YomoClient client = h.ackingClient(AckOptions.of("dev-1"))) {
            client.start().get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 100; i++) {
                client.write(frame(i));
            }
            client.flush();
            assertThat(reader.emit(h, 100, WAIT)).isEqualTo(100);
            assertThat(reader.sequences)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
            assertThat(client.lastSequence()).isEqualTo(100);
            assertThat(client.unacknowledgedFrames()).isEqualTo(100);
            assertThat(client.awaitDurable(60, Duration.ofMillis(200))).isFalse();

            h.listener.acknowledge("dev-1", 60);
            assertThat(client.awaitDurable(60, WAIT)).isTrue();
            assertThat(client.unacknowledgedFrames()).isEqualTo(40);
            h.listener.acknowledge("dev-1", 50); // lower: never sent, never undoes
            h.listener.acknowledge("dev-1", 100);
            assertThat(client.awaitDurable(100, WAIT)).isTrue();
            assertThat(client.durableSequence()).isEqualTo(100);
            assertThat(client.unacknowledgedFrames()).isZero();
        }
    }

    /**
     * The receiver restarts from a checkpoint at sequence 30 while the producer keeps writing: the
     * producer resends 31.. in order, nothing at or below 30, and the reader ends with 1..100 once
     * each. Frames 21..30 (emitted, not acknowledged) stay in the producer's buffer until the Ack.
     */
    @Test
    void afterAReceiverRestartTheProducerResendsWhatTheCheckpointLacks() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        ListenerHarness first =
                new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, reader);
        int port = first.address.getPort();
        try (YomoClient client = first.ackingClient(AckOptions.of("dev-1"))) {
            client.start().get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 50; i++) {
                client.write(frame(i));
            }
            client.flush();
            assertThat(reader.emit(first, 50, WAIT)).isEqualTo(50);
            first.listener.acknowledge("dev-1", 20);
            assertThat(client.awaitDurable(20, WAIT)).isTrue();
            first.close();

            // the restored reader: its checkpoint holds 1..30
            reader.emitted.put("dev-1", 30L);
            reader.payloads.subList(30, 50).clear();
            reader.sequences.subList(30, 50).clear();
            CompletableFuture<Void> writer =
                    CompletableFuture.runAsync(
                            () -> {
                                for (int i = 51; i <= 100; i++) {
                                    client.write(frame(i)); // taken while reconnecting too
                                }
                                client.flush();
                            });
            try (ListenerHarness second = ListenerHarness.acking(reader, port)) {
                writer.get(10, TimeUnit.SECONDS);
                assertThat(reader.emit(second, 70, WAIT)).isEqualTo(70);
                client.flush();
                assertThat(reader.payloads).containsExactlyElementsOf(payloads(1, 100));
                assertThat(reader.duplicatesAtEmit).isZero();
                assertThat(second.metrics.duplicates.get()).isZero();
                assertThat(second.take(1, Duration.ofMillis(300))).as("nothing more").isEmpty();
                second.listener.acknowledge("dev-1", 100);
                assertThat(client.awaitDurable(100, WAIT)).isTrue();
                assertThat(client.unacknowledgedFrames()).isZero();
            }
        }
    }

    @Test
    void aFullBufferBlocksTheWriterUntilAnAck() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        try (ListenerHarness h =
                        new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, reader);
                YomoClient client =
                        h.ackingClient(AckOptions.of("dev-1").withMaxUnackedFrames(5))) {
            client.start().get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 5; i++) {
                client.write(frame(i));
            }
            client.flush();
            assertThat(client.isWritable()).isFalse();
            assertThat(client.awaitWritable(Duration.ofMillis(200))).isFalse();
            CompletableFuture<Void> sixth = CompletableFuture.runAsync(() -> client.send(frame(6)));
            Thread.sleep(300);
            assertThat(sixth).as("the writer blocks on a full buffer").isNotDone();

            h.listener.acknowledge("dev-1", 2);
            sixth.get(10, TimeUnit.SECONDS);
            assertThat(reader.emit(h, 6, WAIT)).isEqualTo(6);
            assertThat(reader.payloads).containsExactlyElementsOf(payloads(1, 6));
            assertThat(client.awaitDurable(2, WAIT)).isTrue();
            assertThat(client.unacknowledgedFrames()).isEqualTo(4);
            assertThat(client.awaitWritable(WAIT)).isTrue();
        }
    }

    @Test
    void duplicatesAreDroppedAndCounted() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        reader.emitted.put("dev-1", 10L);
        try (ListenerHarness h =
                        new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, reader);
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes(
                    CODEC.encode(
                            HandshakeFrame.of("raw", "r", ClientType.SOURCE)
                                    .withAcknowledgements("dev-1")));
            for (long seq : new long[] {5, 10, 11, 11, 12, 9, 14}) {
                wire.writeBytes(CODEC.encode(frame((int) seq).withSequence(seq)));
            }
            peer.write(wire.toByteArray());
            assertThat(h.take(3, WAIT))
                    .extracting(InboundFrame::sequence)
                    .containsExactly(11L, 12L, 14L);
            assertThat(h.metrics.duplicates.get()).isEqualTo(4);
            assertThat(peer.isOpen()).as("duplicates do not end the session").isTrue();

            peer.write(CODEC.encode(frame(15)));
            assertThat(peer.awaitClose().reason())
                    .contains("without a Sequence")
                    .contains("'dev-1'");
            assertThat(h.take(1, Duration.ofMillis(300))).isEmpty();
        }
    }
}
