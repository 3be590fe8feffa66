package dev.flinkyomo.yomo.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.flinkyomo.yomo.transport.EmittingConsumer.payloads;
import static dev.flinkyomo.yomo.transport.JournaledDevice.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A device that restarts with its journal (ACKS.md, Client state) resends what was not durable
 * under the same producer id, over real QUIC on 127.0.0.1 with {@link EmittingConsumer} as the
 * receiver; without a journal the same restart loses those frames.
 */
@Timeout(120)
class AckJournalRebootTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir Path dir;

    /**
     * The device writes 1..100: 1..50 reach the receiver (20 acknowledged), 51..100 are written
     * while the receiver restarts from a checkpoint holding 1..30; then the device dies. Returns
     * the port of the restarted receiver's predecessor, whose reader now holds 1..30.
     */
    private static int deviceDiesWhileTheReceiverRestarts(EmittingConsumer reader, AckOptions acks)
            throws Exception {
        ListenerHarness first =
                new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, reader);
        int port = first.address.getPort();
        try (YomoClient device = first.ackingClient(acks)) {
            device.start().get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 50; i++) {
                device.write(frame(i));
            }
            device.flush();
            assertThat(reader.emit(first, 50, WAIT)).isEqualTo(50);
            first.listener.acknowledge(acks.producerId(), 20);
            assertThat(device.awaitDurable(20, WAIT)).isTrue();
            first.close();
            reader.emitted.put(acks.producerId(), 30L); // the restored checkpoint
            reader.payloads.subList(30, 50).clear();
            reader.sequences.subList(30, 50).clear();
            for (int i = 51; i <= 100; i++) {
                device.write(frame(i)); // taken while reconnecting, never delivered
            }
            assertThat(device.lastSequence()).isEqualTo(100);
            assertThat(device.unacknowledgedFrames()).isEqualTo(80);
        } // the device dies with 21..100 unacknowledged
        return port;
    }

    @Test
    void aRestartedDeviceResendsFromItsJournalAndEverySequenceCountsOnce() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        AckOptions acks = AckOptions.of("dev-1").withJournal(dir.resolve("dev-1.journal"));
        int port = deviceDiesWhileTheReceiverRestarts(reader, acks);

        try (ListenerHarness second = ListenerHarness.acking(reader, port);
                YomoClient rebooted = second.ackingClient(acks)) {
            rebooted.start().get(10, TimeUnit.SECONDS);
            assertThat(rebooted.lastSequence()).as("numbering continues").isEqualTo(100);
            assertThat(reader.emit(second, 70, WAIT)).as("31..100 resent").isEqualTo(70);
            assertThat(second.take(1, Duration.ofMillis(300))).as("nothing more").isEmpty();
            assertThat(reader.payloads).containsExactlyElementsOf(payloads(1, 100));
            assertThat(reader.sequences)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
            assertThat(reader.duplicatesAtEmit).isZero();
            assertThat(second.metrics.duplicates.get()).isZero();

            rebooted.send(frame(101));
            assertThat(reader.emit(second, 1, WAIT)).isEqualTo(1);
            assertThat(reader.sequences.get(100)).isEqualTo(101);
            second.listener.acknowledge("dev-1", 101);
            assertThat(rebooted.awaitDurable(101, WAIT)).isTrue();
            assertThat(rebooted.unacknowledgedFrames()).isZero();
        }
        try (AckJournal j = AckJournal.open(acks.journalPath(), "dev-1", JournalSync.OS_BUFFERED)) {
            assertThat(j.recovered().frames()).as("all durable: nothing left to resend").isEmpty();
            assertThat(j.recovered().lastSequence()).isEqualTo(101);
        }
    }

    /** The control: the same restart without a journal loses 31..100 for good. */
    @Test
    void withoutAJournalARestartedDeviceLosesWhatWasNotDurable() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        AckOptions acks = AckOptions.of("dev-1");
        int port = deviceDiesWhileTheReceiverRestarts(reader, acks);

        try (ListenerHarness second = ListenerHarness.acking(reader, port);
                YomoClient rebooted = second.ackingClient(acks)) {
            rebooted.start().get(10, TimeUnit.SECONDS);
            assertThat(rebooted.unacknowledgedFrames()).isZero();
            assertThat(reader.emit(second, 1, Duration.ofMillis(500))).isZero();
            rebooted.send(frame(101));
            assertThat(reader.emit(second, 1, WAIT)).isEqualTo(1);
            assertThat(reader.payloads)
                    .as("31..100 are lost; the next frame is numbered after the receiver's 30")
                    .hasSize(31)
                    .startsWith(payloads(1, 30).toArray(String[]::new))
                    .endsWith("p-101");
            assertThat(reader.sequences.get(30)).isEqualTo(31);
        }
    }

    /**
     * A power cut with {@link JournalSync#OS_BUFFERED} lost the journal's tail: it holds 1..5, the
     * receiver emitted 1..8. The restarted device keeps 1..5 under their numbers (the receiver has
     * them) and numbers its next frame 9: nothing is emitted twice.
     */
    @Test
    void aJournalThatLostItsTailInAPowerCutDoesNotMakeTheReceiverEmitTwice() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        Path file = dir.resolve("cut.journal");
        AckOptions acks = AckOptions.of("dev-1").withJournal(file);
        try (ListenerHarness h = ListenerHarness.acking(reader, 0)) {
            try (YomoClient device = h.ackingClient(acks)) {
                device.start().get(10, TimeUnit.SECONDS);
                for (int i = 1; i <= 8; i++) {
                    device.write(frame(i));
                }
                device.flush();
                assertThat(reader.emit(h, 8, WAIT)).isEqualTo(8);
            }
            long fiveFrames =
                    JournalRecord.start("dev-1").remaining()
                            + LongStream.rangeClosed(1, 5)
                                    .mapToObj(i -> frame((int) i).withSequence(i))
                                    .mapToLong(JournalRecord::frameBytes)
                                    .sum();
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(fiveFrames); // what the page cache had not written back is gone
            }

            try (YomoClient rebooted = h.ackingClient(acks)) {
                rebooted.start().get(10, TimeUnit.SECONDS);
                rebooted.send(frame(9));
                assertThat(reader.emit(h, 1, WAIT)).isEqualTo(1);
                assertThat(h.take(1, Duration.ofMillis(300))).as("nothing more").isEmpty();
                assertThat(reader.payloads).containsExactlyElementsOf(payloads(1, 9));
                assertThat(reader.duplicatesAtEmit).isZero();
                assertThat(rebooted.lastSequence()).isEqualTo(9);
                h.listener.acknowledge("dev-1", 9);
                assertThat(rebooted.awaitDurable(9, WAIT)).isTrue();
                assertThat(rebooted.unacknowledgedFrames())
                        .as("the recovered 1..5 were kept until the Ack")
                        .isZero();
            }
        }
    }

    @Test
    void aSecondClientOnAJournalInUseDoesNotStart() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        AckOptions acks = AckOptions.of("dev-1").withJournal(dir.resolve("shared.journal"));
        try (ListenerHarness h =
                        new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, reader);
                YomoClient first = h.ackingClient(acks);
                YomoClient second = h.ackingClient(acks)) {
            first.start().get(10, TimeUnit.SECONDS);
            assertThatThrownBy(second::start)
                    .isInstanceOf(AckJournalException.class)
                    .hasMessageContaining("shared.journal")
                    .hasMessageContaining("in use by another client");
            assertThat(second.state()).isEqualTo(YomoClient.State.NEW);
        }
    }

    /**
     * The device runs in its own JVM and is killed with SIGKILL mid-stream while the receiver
     * acknowledges 100 frames behind what it emitted; the receiver then fails over too, back to its
     * last acknowledged position. A new device process with the same journal resends everything
     * after that position (at least the 100 emitted but unacknowledged frames, which only the
     * journal still has) and finishes; the receiver holds 1..count once each, in order.
     */
    @Test
    void aDeviceKilledMidStreamResendsAfterItsRestart() throws Exception {
        int count = 6000;
        Path journal = dir.resolve("killed.journal");
        EmittingConsumer reader = new EmittingConsumer();
        try (ListenerHarness h =
                new ListenerHarness(new BoundedFrameQueue<>(100_000), b -> b, reader)) {
            Process first = device(h, journal, count, dir.resolve("first.out"));
            long acknowledged;
            try {
                acknowledged = receive(reader, h, 1500);
            } finally {
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(Files.readString(dir.resolve("first.out")))
                    .as("killed mid-stream")
                    .doesNotContain("wrote");
            reader.emit(h, count, Duration.ofMillis(300)); // what was still queued
            long emittedAtKill = reader.emitted.get(JournaledDevice.PRODUCER);
            reader.emitted.put(JournaledDevice.PRODUCER, acknowledged); // the receiver's restore
            reader.payloads.subList((int) acknowledged, reader.payloads.size()).clear();
            reader.sequences.subList((int) acknowledged, reader.sequences.size()).clear();

            Process second = device(h, journal, count, dir.resolve("second.out"));
            try {
                receive(reader, h, count);
                String out = Files.readString(dir.resolve("second.out"));
                long recovered =
                        Long.parseLong(out.replaceAll("(?s).*started last=(\\d+).*", "$1"));
                System.out.printf(
                        "killed with %d emitted, %d acknowledged; the restarted device recovered"
                                + " up to %d and resent %d frames; %d duplicates dropped%n",
                        emittedAtKill,
                        acknowledged,
                        recovered,
                        recovered - acknowledged,
                        reader.duplicatesAtEmit + h.metrics.duplicates.get());
                assertThat(recovered).isGreaterThanOrEqualTo(emittedAtKill);
                assertThat(recovered - acknowledged).isGreaterThanOrEqualTo(100);
            } finally {
                second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(reader.sequences)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
        assertThat(reader.payloads).containsExactlyElementsOf(payloads(1, count));
    }

    private static Process device(ListenerHarness h, Path journal, int count, Path out)
            throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        JournaledDevice.class.getName(),
                        String.valueOf(h.address.getPort()),
                        journal.toString(),
                        String.valueOf(count))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    /**
     * Emits until {@code upTo} frames are in, acknowledging 100 behind, as checkpoints lag; returns
     * the last sequence acknowledged.
     */
    private static long receive(EmittingConsumer reader, ListenerHarness h, int upTo)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long acknowledged = 0;
        while (reader.payloads.size() < upTo && System.nanoTime() < deadline) {
            reader.emit(h, upTo - reader.payloads.size(), Duration.ofMillis(100));
            long position = reader.emitted.getOrDefault(JournaledDevice.PRODUCER, 0L);
            if (position > 100) {
                acknowledged = position - 100;
                h.listener.acknowledge(JournaledDevice.PRODUCER, acknowledged);
            }
        }
        assertThat(reader.payloads.size())
                .as("frames emitted in time")
                .isGreaterThanOrEqualTo(upTo);
        return acknowledged;
    }
}
