package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.protocol.DataFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reads a client journal ({@link JournalRecord} format) back: the producer it belongs to, the
 * highest durable sequence and the frames above it, in order. A last record cut short (a power cut
 * or a kill during its write, whose write therefore never returned) is ignored with a WARN naming
 * the file and offset; any other damage fails with the file and offset, never a partial load.
 */
final class JournalReader {

    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

    /**
     * What a journal holds.
     *
     * @param producerId null for an empty journal
     * @param frames the frames above {@code durable}, in sequence order
     * @param lastSequence the highest sequence the journal numbered or saw durable
     * @param tornAt the byte offset of an ignored torn last record, or -1
     */
    record Contents(
            String producerId,
            long durable,
            List<DataFrame> frames,
            long lastSequence,
            long tornAt) {}

    private final Path file;
    private final long size;
    private long offset;
    private String producerId;
    private long durable;
    private long lastSequence;
    private final ArrayDeque<DataFrame> frames = new ArrayDeque<>();

    private JournalReader(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    /** Reads {@code file}; a missing or empty file is an empty journal. */
    static Contents read(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new Contents(null, 0, List.of(), 0, -1);
        }
        JournalReader r = new JournalReader(file, Files.size(file));
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            long tornAt = r.readAll(in);
            return new Contents(
                    r.producerId, r.durable, List.copyOf(r.frames), r.lastSequence, tornAt);
        }
    }

    /** Reads every record; returns the offset of a torn last record, or -1. */
    private long readAll(DataInputStream in) throws IOException {
        while (offset < size) {
            long left = size - offset;
            if (left < JournalRecord.HEADER_BYTES) {
                return torn("its header is cut short after " + left + " bytes");
            }
            int length = in.readInt();
            int checksum = in.readInt();
            if (length == 0 && checksum == 0 && restIsZeros(in)) {
                return torn(
                        "the rest of the file is zeros, as a file system leaves an unwritten"
                                + " tail");
            }
            if (length <= 0) {
                throw damaged("a record length of " + length);
            }
            if (length > left - JournalRecord.HEADER_BYTES) {
                return torn(
                        "a record of "
                                + length
                                + " bytes, but the file ends "
                                + (left - JournalRecord.HEADER_BYTES)
                                + " bytes after its header");
            }
            byte[] body = in.readNBytes(length);
            boolean last = offset + JournalRecord.HEADER_BYTES + length == size;
            if (JournalRecord.checksum(body) != checksum) {
                if (last) {
                    return torn("the last record's checksum does not match its bytes");
                }
                throw damaged("a record whose CRC32C does not match its bytes");
            }
            apply(decode(body));
            offset += JournalRecord.HEADER_BYTES + length;
        }
        return -1;
    }

    private JournalRecord.Body decode(byte[] body) {
        try {
            return JournalRecord.decode(body);
        } catch (IllegalArgumentException e) {
            throw damaged("a record that is not of this format (" + e.getMessage() + ")");
        }
    }

    private void apply(JournalRecord.Body r) {
        if ((offset == 0) != (r.type() == JournalRecord.START)) {
            throw damaged(
                    offset == 0
                            ? "no START record: not a yomo-java acknowledgement journal"
                            : "a second START record");
        }
        switch (r.type()) {
            case JournalRecord.START -> producerId = r.producerId();
            case JournalRecord.FRAME -> addFrame(r.frame());
            default -> addDurable(r.sequence());
        }
    }

    private void addFrame(DataFrame f) {
        if (Long.compareUnsigned(f.sequence(), lastSequence) <= 0) {
            throw damaged(
                    "frame sequence "
                            + Long.toUnsignedString(f.sequence())
                            + " after "
                            + Long.toUnsignedString(lastSequence)
                            + " (sequences only grow)");
        }
        lastSequence = f.sequence();
        frames.addLast(f);
    }

    private void addDurable(long sequence) {
        if (Long.compareUnsigned(sequence, durable) <= 0) {
            return;
        }
        durable = sequence;
        if (Long.compareUnsigned(sequence, lastSequence) > 0) {
            lastSequence = sequence;
        }
        while (!frames.isEmpty()
                && Long.compareUnsigned(frames.peekFirst().sequence(), durable) <= 0) {
            frames.pollFirst();
        }
    }

    private boolean restIsZeros(DataInputStream in) throws IOException {
        int b;
        while ((b = in.read()) != -1) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A journal file is always created whole (written, forced, then renamed into place), so its
     * first record can never be torn: trouble there means the file is no journal or is damaged.
     */
    private long torn(String why) {
        if (offset == 0) {
            throw damaged("its first record is incomplete or garbled (" + why + ")");
        }
        LOG.warn(
                "YoMo client journal {}: the last record, at byte offset {} of {}, is torn ({}), as a"
                        + " power cut or a kill during its write leaves it; ignoring it (its write"
                        + " never returned). Recovered producer {}: {} frames after durable"
                        + " sequence {}",
                file,
                offset,
                size,
                why,
                producerId == null ? "(none)" : LogSafe.quote(producerId),
                frames.size(),
                Long.toUnsignedString(durable));
        return offset;
    }

    private AckJournalException damaged(String what) {
        return new AckJournalException(
                "YoMo client journal "
                        + file
                        + " is damaged at byte offset "
                        + offset
                        + " of "
                        + size
                        + ": "
                        + what
                        + ". Nothing was loaded; the frames it holds cannot be resent. Move the file"
                        + " aside to start without them (they are then lost unless the receiver has"
                        + " them)");
    }
}
