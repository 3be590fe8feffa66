package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A client's use of the acknowledgement extension (yomo-java/ACKS.md): it asks for acknowledgements
 * as producer {@code producerId}, numbers its frames, and keeps those the receiver has not
 * acknowledged as durable in a bounded buffer, resending them after a reconnect.
 *
 * @param producerId stays the same across reconnects and restarts; 1 to 128 bytes of UTF-8
 * @param maxUnackedFrames the buffer's bound in frames; when full, writes block (backpressure)
 * @param maxUnackedBytes the buffer's bound in payload and metadata bytes: a frame is taken while
 *     the buffer holds less, so it can exceed the bound by one frame (and a single larger frame is
 *     taken when the buffer is empty)
 * @param required true: a zipper that does not grant acknowledgements fails the client; false: the
 *     client then runs at most once and says so in one WARN
 * @param journal the file journaling the unacknowledged frames, so that a client restarted after a
 *     process kill or a reboot resends them under the same producer id (ACKS.md, Client state);
 *     null (default) for none: the frames then live only as long as the client object. A string,
 *     not a {@link Path}, because the options are serialized (a Flink sink's configuration)
 * @param journalSync how durable each journaled frame is before the write returns; see {@link
 *     JournalSync} (default {@link JournalSync#OS_BUFFERED})
 */
@PublicEvolving
public record AckOptions(
        String producerId,
        int maxUnackedFrames,
        long maxUnackedBytes,
        boolean required,
        String journal,
        JournalSync journalSync)
        implements Serializable {

    public static final int DEFAULT_MAX_UNACKED_FRAMES = 65_536;
    public static final long DEFAULT_MAX_UNACKED_BYTES = 64L * 1024 * 1024;

    public AckOptions {
        Objects.requireNonNull(producerId, "producerId");
        int bytes = producerId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > HandshakeFrame.MAX_PRODUCER_ID_BYTES) {
            throw new IllegalArgumentException(
                    "a producer id has 1 to "
                            + HandshakeFrame.MAX_PRODUCER_ID_BYTES
                            + " bytes of UTF-8, got "
                            + bytes);
        }
        if (maxUnackedFrames < 1) {
            throw new IllegalArgumentException(
                    "maxUnackedFrames must be >= 1, got " + maxUnackedFrames);
        }
        if (maxUnackedBytes < 1) {
            throw new IllegalArgumentException(
                    "maxUnackedBytes must be >= 1, got " + maxUnackedBytes);
        }
        if (journal != null && journal.isEmpty()) {
            throw new IllegalArgumentException("the journal file must not be empty");
        }
        Objects.requireNonNull(journalSync, "journalSync");
    }

    /** Producer {@code producerId} with the default bounds, not required. */
    public static AckOptions of(String producerId) {
        return new AckOptions(
                producerId,
                DEFAULT_MAX_UNACKED_FRAMES,
                DEFAULT_MAX_UNACKED_BYTES,
                false,
                null,
                JournalSync.OS_BUFFERED);
    }

    public AckOptions withMaxUnackedFrames(int frames) {
        return new AckOptions(producerId, frames, maxUnackedBytes, required, journal, journalSync);
    }

    public AckOptions withMaxUnackedBytes(long bytes) {
        return new AckOptions(producerId, maxUnackedFrames, bytes, required, journal, journalSync);
    }

    public AckOptions withRequired(boolean isRequired) {
        return new AckOptions(
                producerId, maxUnackedFrames, maxUnackedBytes, isRequired, journal, journalSync);
    }

    /**
     * Journals the unacknowledged frames to {@code file} (null: no journal). One client at a time
     * may use a journal (it is locked while the client runs), always under the same producer id.
     */
    public AckOptions withJournal(Path file) {
        return new AckOptions(
                producerId,
                maxUnackedFrames,
                maxUnackedBytes,
                required,
                file == null ? null : file.toString(),
                journalSync);
    }

    public AckOptions withJournalSync(JournalSync sync) {
        return new AckOptions(
                producerId, maxUnackedFrames, maxUnackedBytes, required, journal, sync);
    }

    /** The journal file, or null without one. */
    public Path journalPath() {
        return journal == null ? null : Path.of(journal);
    }
}
