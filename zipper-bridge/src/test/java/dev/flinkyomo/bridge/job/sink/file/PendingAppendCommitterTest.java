package dev.flinkyomo.bridge.job.sink.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The commit of one pending file, repeated and interrupted the ways a restore repeats it. */
class PendingAppendCommitterTest {

    @TempDir Path dir;

    private final PendingAppendCommitter committer = new PendingAppendCommitter();

    private Path target() {
        return dir.resolve("out.txt");
    }

    /** A pending file holding {@code lines}, to go after the target's first {@code start} bytes. */
    private PendingAppend pending(long sequence, long start, String lines) throws IOException {
        Path pending = SubtaskFiles.pending(target(), sequence);
        Files.writeString(pending, lines);
        return new PendingAppend(
                target().toString(),
                pending.toString(),
                start,
                lines.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void appendsThePendingFileAndDeletesIt() throws IOException {
        Files.writeString(target(), "0\n");
        PendingAppend append = pending(0, 2, "1\n2\n");

        committer.commit(append);

        assertThat(target()).hasContent("0\n1\n2\n");
        assertThat(append.pendingPath()).doesNotExist();
    }

    @Test
    void createsTheTargetOnTheFirstCommit() throws IOException {
        committer.commit(pending(0, 0, "1\n"));

        assertThat(target()).hasContent("1\n");
    }

    @Test
    void aRepeatedCommitAppendsNothing() throws IOException {
        PendingAppend first = pending(0, 0, "1\n2\n");
        committer.commit(first);
        PendingAppend second = pending(1, first.end(), "3\n");
        committer.commit(second);

        // a restore from the checkpoint that held both commits them again
        committer.commit(first);
        committer.commit(second);

        assertThat(target()).hasContent("1\n2\n3\n");
    }

    @Test
    void aCrashBetweenAppendAndDeleteIsNotAppendedAgain() throws IOException {
        PendingAppend append = pending(0, 0, "1\n2\n");
        // the append and its fsync happened, the delete did not
        Files.copy(append.pendingPath(), target());

        committer.commit(append);

        assertThat(target()).hasContent("1\n2\n");
        assertThat(append.pendingPath()).doesNotExist();
    }

    @Test
    void anAppendCutShortIsFinished() throws IOException {
        Files.writeString(target(), "0\n");
        PendingAppend append = pending(0, 2, "1\n2\n3\n");
        Files.writeString(target(), "1\n2", StandardOpenOption.APPEND);

        committer.commit(append);

        assertThat(target()).hasContent("0\n1\n2\n3\n");
    }

    @Test
    void aLongerTargetIsAnErrorNamingTheFileAndLengths() throws IOException {
        Files.writeString(target(), "0\nwritten by someone else\n");
        PendingAppend append = pending(0, 2, "1\n");

        assertThatThrownBy(() -> committer.commit(append))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        target()
                                + " is 26 bytes long, but appending the 2 bytes of "
                                + append.pending()
                                + " expects it to be 2 bytes long")
                .hasMessageContaining("truncate the file to 2 bytes");
        assertThat(append.pendingPath()).exists();
        assertThat(target()).hasContent("0\nwritten by someone else\n");
    }

    @Test
    void aShorterTargetIsAnError() throws IOException {
        // the file was deleted while the job ran
        PendingAppend append = pending(3, 120, "9\n");

        assertThatThrownBy(() -> committer.commit(append))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(target() + " is 0 bytes long")
                .hasMessageContaining("expects it to be 120 bytes long");
        assertThat(target()).doesNotExist();
    }

    @Test
    void sameLengthButOtherBytesIsAnError() throws IOException {
        PendingAppend append = pending(0, 0, "1\n");
        Files.writeString(target(), "x\n");

        assertThatThrownBy(() -> committer.commit(append))
                .hasMessageContaining(target() + " is 2 bytes long");
        assertThat(target()).hasContent("x\n");
    }

    @Test
    void aTargetTruncatedSinceTheCommitIsLeftAsItIs() throws IOException {
        PendingAppend append = pending(0, 2, "1\n");
        committer.commit(pending(1, 0, "0\n"));
        committer.commit(append);
        Files.writeString(target(), "");

        // the pending file is gone, so its lines were appended once: not again
        committer.commit(append);

        assertThat(target()).hasContent("");
    }

    @Test
    void anEarlierCommitRepeatedAfterLaterOnesAppendsNothing() throws IOException {
        // a checkpoint can hold the committables of the one before when its commit came late
        PendingAppend first = pending(0, 0, "1\n");
        PendingAppend second = pending(1, first.end(), "2\n");
        committer.commit(first);
        committer.commit(second);

        committer.commit(first);

        assertThat(target()).hasContent("1\n2\n");
    }
}
