package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.DataFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The client journal (ACKS.md, Client state): an append-only file mirroring {@link UnackedFrames},
 * so a client restarted after a kill or a reboot resends what was not yet durable. Every frame the
 * buffer takes is appended before the write returns, every Ack as a DURABLE record. When the
 * acknowledged (dead) part exceeds both {@link #COMPACT_DEAD_BYTES} and half the file, the live
 * frames are rewritten to a temporary file that replaces the journal atomically, so the file stays
 * within about twice the buffer's byte bound plus 1 MiB.
 *
 * <p>One writer: the client holds a lock on {@code <journal>.lock} while it runs (a lock on the
 * journal itself would not survive the rename of a compaction). Not thread-safe: its owner ({@link
 * UnackedFrames}) calls it under its own lock.
 */
final class AckJournal implements AutoCloseable {

    /** Compaction waits until at least this much of the file is dead. */
    static final long COMPACT_DEAD_BYTES = 1L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(AckJournal.class);

    private final Path file;
    private final String producerId;
    private final JournalSync sync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final JournalReader.Contents recovered;
    private FileChannel out;
    private long fileBytes;
    private long liveBytes;
    private boolean closed;

    private AckJournal(
            Path file,
            String producerId,
            JournalSync sync,
            FileChannel lockChannel,
            FileLock lock,
            JournalReader.Contents recovered) {
        this.file = file;
        this.producerId = producerId;
        this.sync = sync;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovered = recovered;
    }

    /**
     * Locks the journal, reads what it holds and rewrites it compacted (which also drops a torn
     * tail, so new records never follow damage).
     *
     * @throws AckJournalException when another client holds it, it belongs to another producer, it
     *     is damaged, or it cannot be read or written
     */
    static AckJournal open(Path file, String producerId, JournalSync sync) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel lockChannel = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            lockChannel =
                    FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, file, lockFile);
            JournalReader.Contents recovered = readOwn(file, producerId);
            AckJournal j = new AckJournal(file, producerId, sync, lockChannel, lock, recovered);
            j.rewrite(recovered.durable(), recovered.frames());
            return j;
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel);
            if (e instanceof AckJournalException a) {
                throw a;
            }
            throw new AckJournalException(
                    "YoMo client journal " + file + " cannot be opened: " + e, e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path file, Path lockFile)
            throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // another client in this JVM holds it
        }
        if (lock == null) {
            throw new AckJournalException(
                    "YoMo client journal "
                            + file
                            + " is in use by another client (its lock "
                            + lockFile
                            + " is held); one client at a time may use a journal");
        }
        return lock;
    }

    private static JournalReader.Contents readOwn(Path file, String producerId) throws IOException {
        JournalReader.Contents c = JournalReader.read(file);
        if (c.producerId() != null && !c.producerId().equals(producerId)) {
            throw new AckJournalException(
                    "YoMo client journal "
                            + file
                            + " belongs to producer "
                            + LogSafe.quote(c.producerId())
                            + ", not to this client's producer "
                            + LogSafe.quote(producerId)
                            + "; a journal is for one producer id");
        }
        return c;
    }

    /** What the journal held when opened: the frames to load into the buffer. */
    JournalReader.Contents recovered() {
        return recovered;
    }

    /** A frame the buffer took, before the write returns and before it goes on the wire. */
    void append(DataFrame numbered) throws IOException {
        ensureOpen();
        long bytes = write(JournalRecord.frame(numbered));
        liveBytes += bytes;
        if (sync == JournalSync.EVERY_WRITE) {
            out.force(false);
        }
    }

    /**
     * An Ack: records the durable sequence (without a flush: a lost DURABLE record only makes the
     * next run resend frames the receiver drops as duplicates), and compacts when the dead part
     * dominates. A failure is logged, not thrown: the buffer is right, the journal only resends
     * more after a restart.
     *
     * @param releasedFrames the frames the Ack released from the buffer
     * @param live the frames still buffered, read only when compacting
     */
    void acknowledged(long durable, Iterable<DataFrame> releasedFrames, Iterable<DataFrame> live) {
        if (closed) {
            return;
        }
        for (DataFrame f : releasedFrames) {
            liveBytes -= JournalRecord.frameBytes(f);
        }
        try {
            write(JournalRecord.durable(durable));
            long dead = fileBytes - liveBytes;
            if (dead > COMPACT_DEAD_BYTES && dead > fileBytes / 2) {
                rewrite(durable, live);
            }
        } catch (IOException e) {
            LOG.warn(
                    "YoMo client journal {}: recording durable sequence {} failed ({}); a restart"
                            + " resends frames the receiver already has (it drops them)",
                    file,
                    Long.toUnsignedString(durable),
                    e.toString());
        }
    }

    /**
     * The buffer changed as a whole (renumbered after a receiver's ResumeAfter, or emptied for a
     * stock zipper): the journal must say the same, or a restart would resend frames under
     * sequences the receiver already has. A failure is logged as an ERROR.
     */
    void replace(long durable, Iterable<DataFrame> live) {
        try {
            rewrite(durable, live);
        } catch (IOException e) {
            LOG.error(
                    "YoMo client journal {}: rewriting it after the buffer changed failed ({}); a"
                            + " restart from it may resend frames under outdated sequences",
                    file,
                    e.toString());
        }
    }

    /**
     * Replaces the journal with exactly these frames: a temporary file, forced to the device,
     * renamed over the journal atomically, so a crash leaves either the old or the new journal,
     * never a mix.
     */
    private void rewrite(long durable, Iterable<DataFrame> live) throws IOException {
        if (closed) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long bytes = 0;
        long frameBytes = 0;
        try (FileChannel ch =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            bytes += copy(JournalRecord.start(producerId), os);
            if (durable != 0) {
                bytes += copy(JournalRecord.durable(durable), os);
            }
            for (DataFrame f : live) {
                frameBytes += copy(JournalRecord.frame(f), os);
            }
            os.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        closeQuietly(out);
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        liveBytes = frameBytes;
        fileBytes = bytes + frameBytes;
        LOG.debug(
                "YoMo client journal {}: rewritten, {} bytes of live frames, durable {}",
                file,
                frameBytes,
                Long.toUnsignedString(durable));
    }

    /** The journal's size as this writer knows it (tests check the bound). */
    long fileBytes() {
        return fileBytes;
    }

    private long write(ByteBuffer record) throws IOException {
        long n = record.remaining();
        while (record.hasRemaining()) {
            out.write(record);
        }
        fileBytes += n;
        return n;
    }

    private static long copy(ByteBuffer record, OutputStream os) throws IOException {
        int n = record.remaining();
        os.write(record.array(), record.arrayOffset() + record.position(), n);
        return n;
    }

    /** The rename is durable only once the directory is (Linux); best effort elsewhere. */
    private void forceDirectory() {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug(
                    "YoMo client journal {}: cannot force directory {}: {}",
                    file,
                    dir,
                    e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the journal " + file + " is closed");
        }
    }

    /** Releases the file and its lock; the journal stays for the next client. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(out);
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("YoMo client journal {}: releasing the lock: {}", file, e.toString());
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a journal channel: {}", e.toString());
        }
    }
}
