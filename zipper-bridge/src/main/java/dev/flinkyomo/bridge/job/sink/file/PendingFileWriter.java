package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Writes a subtask's lines into a pending file beside its target, one per checkpoint, and hands it
 * to {@link PendingAppendCommitter} at the checkpoint barrier. The chain of {@code start} lengths
 * survives restores through the writer state ({@link AppendPosition}): each append starts where the
 * one before it ends, beginning with the target's length when there is no state.
 */
final class PendingFileWriter
        implements CommittingSinkWriter<String, PendingAppend>,
                StatefulSinkWriter<String, AppendPosition> {

    private static final Logger LOG = LoggerFactory.getLogger(PendingFileWriter.class);
    private static final byte[] NEWLINE = System.lineSeparator().getBytes(StandardCharsets.UTF_8);

    private final Path target;
    private long committedLength;
    private long nextSequence;

    private Path pending;
    private FileChannel channel;
    private OutputStream out;
    private long pendingLength;

    private PendingFileWriter(Path target, long committedLength, long nextSequence) {
        this.target = target;
        this.committedLength = committedLength;
        this.nextSequence = nextSequence;
    }

    /**
     * The writer for {@code target}, resuming from its entry in {@code restored} if there is one.
     *
     * @param restoredJob whether the job was restored from a checkpoint at all: only if not is
     *     every pending file of {@code target} an orphan (no committer state can name it)
     */
    static PendingFileWriter open(
            Path target, Collection<AppendPosition> restored, boolean restoredJob)
            throws IOException {
        Optional<AppendPosition> mine =
                restored.stream().filter(p -> p.target().equals(target.toString())).findFirst();
        if (mine.isPresent()) {
            AppendPosition position = mine.get();
            // written after the restored checkpoint: the source replays these lines
            deletePending(target, position.nextSequence(), "written after the checkpoint");
            return new PendingFileWriter(
                    target, resumeLength(target, position), position.nextSequence());
        }
        if (!restoredJob) {
            deletePending(target, 0, "left by an earlier job started without its state");
        }
        // numbered after any kept pending file, so none is overwritten
        long next = 0;
        for (Path file : SubtaskFiles.pendingFiles(target)) {
            next = Math.max(next, SubtaskFiles.sequenceOf(target, file).getAsLong() + 1);
        }
        return new PendingFileWriter(target, sizeOf(target), next);
    }

    /**
     * Where the next append starts. While a restored committable is still pending (its file is
     * there), the checkpoint's length: the committer appends up to it. Once none is, the file's
     * actual length: the committer runs first in the task (Flink initializes a chain from its end),
     * so a difference is the file's own history, e.g. a restore from a savepoint older than lines
     * committed since, which must stay (acknowledged devices do not resend them), or a file deleted
     * between runs.
     */
    private static long resumeLength(Path target, AppendPosition position) throws IOException {
        if (!SubtaskFiles.pendingFiles(target).isEmpty()) {
            return position.committedLength();
        }
        long length = sizeOf(target);
        if (length != position.committedLength()) {
            LOG.warn(
                    "{} is {} bytes long, the restored checkpoint had {}: it changed since then"
                            + " (a restore from an older checkpoint or savepoint, or another"
                            + " writer); appending after its current end",
                    target,
                    length,
                    position.committedLength());
        }
        return length;
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static void deletePending(Path target, long fromSequence, String why)
            throws IOException {
        for (Path file : SubtaskFiles.pendingFiles(target)) {
            if (SubtaskFiles.sequenceOf(target, file).getAsLong() >= fromSequence) {
                LOG.warn("deleting {}: its lines were {} and never committed", file, why);
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public void write(String line, Context context) throws IOException {
        if (out == null) {
            pending = SubtaskFiles.pending(target, nextSequence++);
            channel =
                    FileChannel.open(
                            pending,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            pendingLength = 0;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        out.write(NEWLINE);
        pendingLength += bytes.length + NEWLINE.length;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        // nothing becomes visible here: lines reach the target when their checkpoint completes
        // (or, at the end of a bounded input, with the final commit)
    }

    @Override
    public Collection<PendingAppend> prepareCommit() throws IOException {
        if (out == null) {
            return List.of();
        }
        out.flush();
        // on disk before the checkpoint that will name it completes
        channel.force(true);
        out.close();
        out = null;
        PendingAppend append =
                new PendingAppend(
                        target.toString(), pending.toString(), committedLength, pendingLength);
        committedLength = append.end();
        return List.of(append);
    }

    @Override
    public List<AppendPosition> snapshotState(long checkpointId) {
        return List.of(new AppendPosition(target.toString(), committedLength, nextSequence));
    }

    @Override
    public void close() throws IOException {
        // an open pending file here holds uncommitted lines: the next start deletes it
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
