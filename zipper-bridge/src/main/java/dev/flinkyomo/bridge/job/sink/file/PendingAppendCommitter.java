package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.api.connector.sink2.Committer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Appends a checkpoint's pending file to its target, once: Flink commits again what a restored
 * checkpoint holds, whether or not the commit had happened before the failure, so the target's
 * length decides. {@code start}: not yet appended, append, sync, delete the pending file. {@code
 * start + length} with the same bytes there: appended before, only delete the pending file. In
 * between, with the pending file's first bytes there: an append cut short, finish it. Anything else
 * means the file was changed by something else (or the job was restored from an older checkpoint
 * than the file's content): an error naming the file and both lengths, the pending file kept.
 */
final class PendingAppendCommitter implements Committer<PendingAppend> {

    private static final Logger LOG = LoggerFactory.getLogger(PendingAppendCommitter.class);

    @Override
    public void commit(Collection<CommitRequest<PendingAppend>> requests) throws IOException {
        // one target's appends must go in the order they were prepared
        List<CommitRequest<PendingAppend>> ordered =
                requests.stream()
                        .sorted(
                                Comparator.comparing(
                                                (CommitRequest<PendingAppend> r) ->
                                                        r.getCommittable().target())
                                        .thenComparingLong(r -> r.getCommittable().start()))
                        .toList();
        for (CommitRequest<PendingAppend> request : ordered) {
            commit(request.getCommittable());
        }
    }

    /** Makes {@code append} done, whatever part of it was done before. */
    void commit(PendingAppend append) throws IOException {
        Path target = append.targetPath();
        Path pending = append.pendingPath();
        long size = Files.exists(target) ? Files.size(target) : 0;
        boolean hasPending = Files.exists(pending);
        if (size == append.start() && hasPending) {
            appendFrom(pending, 0, target);
        } else if (size == append.end() && (!hasPending || endsWith(target, append, size))) {
            LOG.info(
                    "{} already holds the {} bytes of {} (a commit repeated after a restore)",
                    target,
                    append.length(),
                    pending);
        } else if (size > append.start()
                && size < append.end()
                && hasPending
                && endsWith(target, append, size)) {
            LOG.warn(
                    "{} holds {} of the {} bytes of {}: finishing an append cut short",
                    target,
                    size - append.start(),
                    append.length(),
                    pending);
            appendFrom(pending, size - append.start(), target);
        } else {
            throw new IOException(mismatch(append, size, hasPending));
        }
        Files.deleteIfExists(pending);
    }

    private static void appendFrom(Path pending, long offset, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(pending, StandardOpenOption.READ);
                FileChannel out =
                        FileChannel.open(
                                target,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND)) {
            long position = offset;
            long size = in.size();
            while (position < size) {
                position += in.transferTo(position, size - position, out);
            }
            // the pending file is deleted next: the lines must be on disk in the target first
            out.force(true);
        }
    }

    /** Whether the target's bytes from {@code start} up to {@code size} are the pending file's. */
    private static boolean endsWith(Path target, PendingAppend append, long size)
            throws IOException {
        int count = Math.toIntExact(size - append.start());
        return Arrays.equals(
                read(target, append.start(), count), read(append.pendingPath(), 0, count));
    }

    private static byte[] read(Path file, long position, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && in.read(buffer, position + buffer.position()) >= 0) {
                // read until full or end of file
            }
        }
        return buffer.array();
    }

    private static String mismatch(PendingAppend append, long size, boolean hasPending) {
        String state =
                hasPending
                        ? "the pending file " + append.pending() + " is kept"
                        : "the pending file " + append.pending() + " is gone";
        return "file sink: "
                + append.target()
                + " is "
                + size
                + " bytes long; appending the "
                + append.length()
                + " bytes of this checkpoint expects it to be "
                + append.start()
                + " bytes (not yet appended) or "
                + append.end()
                + " (appended); it was changed by something other than this job, or the job was"
                + " restored from an older checkpoint or savepoint than the file's content ("
                + state
                + "). Truncate the file to "
                + append.start()
                + " bytes to write this checkpoint's lines after it, or run with --no-resume to"
                + " start over";
    }

    @Override
    public void close() {}
}
