package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client journal's file: what it gives back after a restart, compaction, a torn tail, damage
 * and its lock. {@link AckJournal} is driven as {@link UnackedFrames} drives it.
 */
class AckJournalTest {

    @TempDir Path dir;

    private Path file() {
        return dir.resolve("device.journal");
    }

    private AckJournal open() {
        return AckJournal.open(file(), "dev-1", JournalSync.OS_BUFFERED);
    }

    private static DataFrame frame(long sequence, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        byte[] label = ("p-" + sequence).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, payload, 0, Math.min(label.length, payloadBytes));
        return new DataFrame(0x33, new byte[] {1, 2, (byte) sequence}, payload, sequence);
    }

    private static List<DataFrame> frames(long from, long to, int payloadBytes) {
        return LongStream.rangeClosed(from, to).mapToObj(s -> frame(s, payloadBytes)).toList();
    }

    private static void append(AckJournal j, List<DataFrame> frames) throws IOException {
        for (DataFrame f : frames) {
            j.append(f);
        }
    }

    @Test
    void aReopenedJournalHoldsTheFramesAboveTheDurableSequence() throws IOException {
        try (AckJournal j = open()) {
            assertThat(j.recovered().frames()).isEmpty();
            append(j, frames(1, 5, 10));
            j.acknowledged(2, frames(1, 2, 10), frames(3, 5, 10));
        }
        try (AckJournal j = open()) {
            JournalReader.Contents c = j.recovered();
            assertThat(c.producerId()).isEqualTo("dev-1");
            assertThat(c.durable()).isEqualTo(2);
            assertThat(c.frames()).containsExactlyElementsOf(frames(3, 5, 10));
            assertThat(c.lastSequence()).isEqualTo(5);
            assertThat(c.tornAt()).isEqualTo(-1);
            j.acknowledged(5, frames(3, 5, 10), List.of());
        }
        try (AckJournal j = open()) {
            assertThat(j.recovered().frames()).isEmpty();
            assertThat(j.recovered().lastSequence())
                    .as("numbering continues after the durable sequence")
                    .isEqualTo(5);
        }
    }

    @Test
    void compactionKeepsExactlyTheUnacknowledgedFrames() throws IOException {
        int payload = 8 * 1024;
        List<DataFrame> all = frames(1, 300, payload); // about 2.4 MiB
        try (AckJournal j = open()) {
            append(j, all);
            long full = Files.size(file());
            assertThat(full).isGreaterThan(300L * payload);

            // 400 KiB dead: below 1 MiB, no compaction, only the DURABLE record is appended
            j.acknowledged(50, all.subList(0, 50), all.subList(50, 300));
            assertThat(Files.size(file())).isGreaterThan(full);

            // 2 MiB dead of 2.4: compacted to the 50 live frames
            j.acknowledged(250, all.subList(50, 250), all.subList(250, 300));
            long compacted = Files.size(file());
            assertThat(compacted).isEqualTo(j.fileBytes());
            long liveBytes =
                    all.subList(250, 300).stream().mapToLong(JournalRecord::frameBytes).sum();
            assertThat(compacted).isBetween(liveBytes, liveBytes + 100);
            assertThat(dir.resolve("device.journal.tmp")).doesNotExist();

            append(j, frames(301, 302, payload));
        }
        try (AckJournal j = open()) {
            assertThat(j.recovered().durable()).isEqualTo(250);
            assertThat(j.recovered().frames())
                    .containsExactlyElementsOf(new ArrayList<>(frames(251, 302, payload)));
        }
    }

    /** Sizes of the file after each of {@code frames} was appended to a fresh journal. */
    private List<Long> appendRecordingSizes(List<DataFrame> frames) throws IOException {
        List<Long> sizes = new ArrayList<>();
        try (AckJournal j = open()) {
            sizes.add(Files.size(file()));
            for (DataFrame f : frames) {
                j.append(f);
                sizes.add(Files.size(file()));
            }
        }
        return sizes;
    }

    @Test
    void aTornLastRecordIsIgnoredWithAWarningNamingFileAndOffset() throws IOException {
        List<Long> sizes = appendRecordingSizes(frames(1, 3, 100));
        long thirdAt = sizes.get(2);
        truncate(thirdAt + 20); // the power went out while frame 3 was being written

        try (CapturedLog log = new CapturedLog(JournalReader.class);
                AckJournal j = open()) {
            assertThat(j.recovered().frames()).containsExactlyElementsOf(frames(1, 2, 100));
            assertThat(j.recovered().tornAt()).isEqualTo(thirdAt);
            assertThat(log.messages())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(file().toString())
                    .contains("byte offset " + thirdAt)
                    .contains("torn");
            j.append(frame(3, 100)); // the torn tail is gone: new records follow whole ones
        }
        try (CapturedLog log = new CapturedLog(JournalReader.class);
                AckJournal j = open()) {
            assertThat(j.recovered().frames()).containsExactlyElementsOf(frames(1, 3, 100));
            assertThat(log.messages()).isEmpty();
        }
    }

    @Test
    void aZeroFilledOrGarbledLastRecordIsTornToo() throws IOException {
        List<Long> sizes = appendRecordingSizes(frames(1, 3, 100));
        Files.write(file(), new byte[4096], StandardOpenOption.APPEND); // unwritten blocks
        try (AckJournal j = open()) {
            assertThat(j.recovered().frames()).hasSize(3);
            assertThat(j.recovered().tornAt()).isEqualTo(sizes.get(3));
        }
        flipByteAt(Files.size(file()) - 10); // inside the last frame's payload
        try (AckJournal j = open()) {
            assertThat(j.recovered().frames()).containsExactlyElementsOf(frames(1, 2, 100));
        }
    }

    @Test
    void damageBeforeTheLastRecordIsRefusedWithFileAndOffset() throws IOException {
        List<Long> sizes = appendRecordingSizes(frames(1, 3, 100));
        long secondAt = sizes.get(1);
        flipByteAt(secondAt + 40);
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(this::open)
                .isInstanceOf(AckJournalException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("damaged at byte offset " + secondAt)
                .hasMessageContaining("CRC32C")
                .hasMessageContaining("Nothing was loaded");
        assertThat(Files.readAllBytes(file())).as("left as it was").isEqualTo(before);
        try (AckJournal j = open()) {
            throw new AssertionError("opened a damaged journal: " + j.recovered());
        } catch (AckJournalException expected) {
            // and the lock was released: the refusal is the same again, not "in use"
            assertThat(expected).hasMessageContaining("damaged");
        }
    }

    @Test
    void aFileThatIsNoJournalIsRefused() throws IOException {
        Files.writeString(file(), "not a journal, but long enough to hold a record header");
        assertThatThrownBy(this::open)
                .isInstanceOf(AckJournalException.class)
                .hasMessageContaining("damaged at byte offset 0");
    }

    @Test
    void aJournalInUseIsRefusedUntilReleased() {
        try (AckJournal first = open()) {
            assertThatThrownBy(this::open)
                    .isInstanceOf(AckJournalException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("in use by another client");
        }
        try (AckJournal again = open()) {
            assertThat(again.recovered().frames()).isEmpty();
        }
    }

    @Test
    void anotherProducersJournalIsRefused() {
        open().close();
        assertThatThrownBy(() -> AckJournal.open(file(), "dev-2", JournalSync.EVERY_WRITE))
                .isInstanceOf(AckJournalException.class)
                .hasMessageContaining("belongs to producer 'dev-1'")
                .hasMessageContaining("'dev-2'");
    }

    @Test
    void everyWriteSyncReadsBackTheSame() throws IOException {
        try (AckJournal j = AckJournal.open(file(), "dev-1", JournalSync.EVERY_WRITE)) {
            append(j, frames(1, 20, 50));
        }
        try (AckJournal j = open()) {
            assertThat(j.recovered().frames()).containsExactlyElementsOf(frames(1, 20, 50));
        }
    }

    private void truncate(long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private void flipByteAt(long offset) throws IOException {
        byte[] b = Files.readAllBytes(file());
        b[(int) offset] ^= 0x5A;
        Files.write(file(), b);
    }
}
