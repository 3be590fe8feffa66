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
 * checkpoint holds, whether or not the commit had happened before the failure. The pending file is
 * deleted only after its bytes are synced into the target, so: pending file gone: done before.
 * Pending file there and the target {@code start} long: append, sync, delete. Pending file there
 * and its first bytes (or all) at {@code start}: an append (or a delete) cut short, finish it.
 * Anything else means the file was changed by something other than this job while it ran: an error
 * naming the file and the lengths, the pending file kept so no line is lost.
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
        if (!hasPending) {
            // the pending file goes only once its bytes are synced into the target: appended
            // before, and a repeated commit after a restore. A shorter target was truncated or
            // deleted since (between runs, say), which is the user's to decide, not a reason to
            // fail every restart.
            if (size < append.end()) {
                LOG.warn(
                        "{} is {} bytes long, shorter than the {} bytes it had when {} was"
                                + " appended: it was truncated or deleted since",
                        target,
                        size,
                        append.end(),
                        pending);
            }
            return;
        }
        if (size < append.start() || !holdsPendingPrefix(target, append, size)) {
            throw new IOException(mismatch(append, size));
        }
        if (size == append.start()) {
            appendFrom(pending, 0, target);
        } else if (size < append.end()) {
            LOG.warn(
                    "{} holds {} of the {} bytes of {}: finishing an append cut short",
                    target,
                    size - append.start(),
                    append.length(),
                    pending);
            appendFrom(pending, size - append.start(), target);
        } else {
            LOG.info(
                    "{} holds the bytes of {} (appended, then the delete was cut short)",
                    target,
                    pending);
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

    /** Whether the target's bytes from {@code start} on begin with (some of) the pending file's. */
    private static boolean holdsPendingPrefix(Path target, PendingAppend append, long size)
            throws IOException {
        int count = Math.toIntExact(Math.min(size, append.end()) - append.start());
        if (count == 0) {
            return true; // nothing appended yet, and the target may not exist
        }
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

    private static String mismatch(PendingAppend append, long size) {
        String prefix = "file sink: " + append.target() + " is " + size + " bytes long, but ";
        return prefix
                + "appending the "
                + append.length()
                + " bytes of "
                + append.pending()
                + " expects it to be "
                + append.start()
                + " bytes long (before) or to hold those bytes from there (after): something other"
                + " than this job changed the file while it ran. The pending file is kept: truncate"
                + " the file to "
                + append.start()
                + " bytes and the job's next restart appends it";
    }

    @Override
    public void close() {}
}
