package dev.flinkyomo.bridge.job.sink.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PendingFileWriter} and {@link PendingAppendCommitter} driven through the calls Flink makes
 * (write, prepareCommit and snapshotState at a barrier, commit once the checkpoint completes,
 * restore with the checkpoint's writer state and committables), failing at the two points where a
 * sink can duplicate or lose lines: before the checkpoint completed, and after it completed but
 * before its commit.
 */
class CheckpointCommitCycleTest {

    @TempDir Path dir;

    private final PendingAppendCommitter committer = new PendingAppendCommitter();

    private Path target() {
        return dir.resolve("out.txt");
    }

    /** What the barrier of checkpoint {@code id} leaves in Flink's state. */
    record Checkpoint(List<AppendPosition> writerState, Collection<PendingAppend> committables) {}

    private static Checkpoint barrier(PendingFileWriter writer, long id) throws IOException {
        Collection<PendingAppend> committables = writer.prepareCommit();
        return new Checkpoint(writer.snapshotState(id), committables);
    }

    private static void write(PendingFileWriter writer, int from, int to) throws IOException {
        for (int i = from; i <= to; i++) {
            writer.write(Integer.toString(i), null);
        }
    }

    /** Lines {@code from..to}, then checkpoint {@code id}, completed and committed. */
    private Checkpoint committed(PendingFileWriter writer, int from, int to, long id)
            throws IOException {
        write(writer, from, to);
        Checkpoint checkpoint = barrier(writer, id);
        commit(checkpoint);
        return checkpoint;
    }

    private void commit(Checkpoint checkpoint) throws IOException {
        for (PendingAppend append : checkpoint.committables()) {
            committer.commit(append);
        }
    }

    private PendingFileWriter restore(Checkpoint checkpoint) throws IOException {
        // Flink's committer commits the restored committables again, done or not
        commit(checkpoint);
        return PendingFileWriter.open(target(), checkpoint.writerState(), true);
    }

    private List<Path> pendingFiles() throws IOException {
        return SubtaskFiles.pendingFiles(target());
    }

    @Test
    void failureAfterTheCheckpointCompletedButBeforeItsCommit() throws IOException {
        PendingFileWriter writer = PendingFileWriter.open(target(), List.of(), false);
        committed(writer, 1, 3, 1);
        write(writer, 4, 6);
        Checkpoint second = barrier(writer, 2);
        assertThat(target()).as("lines are in the file only once committed").hasContent("1\n2\n3");
        // checkpoint 2 completes; the process dies before the committer is told, mid-way in 7..
        write(writer, 7, 8);
        writer.close();

        PendingFileWriter restored = restore(second);
        assertThat(target()).hasContent("1\n2\n3\n4\n5\n6");
        write(restored, 7, 10); // the source replays after checkpoint 2
        commit(barrier(restored, 3));

        assertThat(Files.readAllLines(target()))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(pendingFiles()).isEmpty();
    }

    @Test
    void failureBeforeTheCheckpointCompleted() throws IOException {
        PendingFileWriter writer = PendingFileWriter.open(target(), List.of(), false);
        Checkpoint first = committed(writer, 1, 3, 1);
        write(writer, 4, 6);
        barrier(writer, 2); // prepared, but checkpoint 2 never completes
        write(writer, 7, 7);
        writer.close();

        PendingFileWriter restored = restore(first);
        assertThat(pendingFiles()).as("the lines after checkpoint 1 are deleted").isEmpty();
        write(restored, 4, 8); // replayed after checkpoint 1
        commit(barrier(restored, 2));

        assertThat(Files.readAllLines(target()))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    }

    @Test
    void failureAfterTheCommitBeforeTheNextCheckpoint() throws IOException {
        PendingFileWriter writer = PendingFileWriter.open(target(), List.of(), false);
        Checkpoint first = committed(writer, 1, 3, 1);
        write(writer, 4, 5);
        writer.close();

        PendingFileWriter restored = restore(first);
        committed(restored, 4, 6, 2);

        assertThat(Files.readAllLines(target())).containsExactly("1", "2", "3", "4", "5", "6");
    }

    @Test
    void aJobWithoutStateAppendsAfterTheFileAndDeletesPendingFilesLeftBehind() throws IOException {
        Files.writeString(target(), "from an earlier run\n");
        PendingFileWriter crashed = PendingFileWriter.open(target(), List.of(), false);
        write(crashed, 1, 2);
        barrier(crashed, 1); // never completed, and the next run starts without state
        crashed.close();

        PendingFileWriter writer = PendingFileWriter.open(target(), List.of(), false);
        assertThat(pendingFiles()).isEmpty();
        committed(writer, 3, 3, 1);

        assertThat(Files.readAllLines(target())).containsExactly("from an earlier run", "3");
    }

    @Test
    void aRestoreWithoutThisWritersStateKeepsPendingFilesAndNumbersAfterThem() throws IOException {
        // e.g. restored from a checkpoint of the stateless sink, or after a change of parallelism:
        // another subtask's committables may still name these pending files
        PendingFileWriter other = PendingFileWriter.open(target(), List.of(), false);
        write(other, 1, 2);
        Checkpoint held = barrier(other, 1);

        PendingFileWriter writer = PendingFileWriter.open(target(), List.of(), true);
        assertThat(pendingFiles()).hasSize(1);
        write(writer, 3, 3);
        Checkpoint next = barrier(writer, 2);
        assertThat(next.committables())
                .extracting(PendingAppend::pending)
                .doesNotContainAnyElementsOf(
                        held.committables().stream().map(PendingAppend::pending).toList());

        commit(held);
        assertThat(Files.readAllLines(target())).containsExactly("1", "2");
    }

    @Test
    void aRestoreFromAnOlderCheckpointKeepsWhatWasCommittedSinceAndAppendsAfterIt()
            throws IOException {
        PendingFileWriter writer = PendingFileWriter.open(target(), List.of(), false);
        Checkpoint savepoint = committed(writer, 1, 2, 1);
        committed(writer, 3, 4, 2);
        writer.close();

        // acknowledging devices do not resend 3 and 4: they were acknowledged at checkpoint 2
        PendingFileWriter restored = restore(savepoint);
        committed(restored, 5, 5, 2);

        assertThat(Files.readAllLines(target())).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void aFileDeletedBetweenRunsStartsAgainEmpty() throws IOException {
        PendingFileWriter writer = PendingFileWriter.open(target(), List.of(), false);
        Checkpoint first = committed(writer, 1, 2, 1);
        writer.close();
        Files.delete(target());

        PendingFileWriter restored = restore(first);
        committed(restored, 3, 3, 2);

        assertThat(Files.readAllLines(target())).containsExactly("3");
    }
}
