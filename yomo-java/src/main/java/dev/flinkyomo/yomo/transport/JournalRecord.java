package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The record format of the client journal ({@link AckJournal}), one job: bytes to records and back.
 * A record is {@code [int body length][int CRC32C of the body][body]}, big-endian; the length and
 * checksum let a reader tell a record cut short by a power cut (the last one) from damage. The body
 * is a type byte and its fields:
 *
 * <ul>
 *   <li>{@code 1} START: format version (byte), producer id (short length + UTF-8); the first
 *       record of every journal, so a journal is never used for another producer
 *   <li>{@code 2} FRAME: sequence (long), tag (long), metadata (int length + bytes), payload (int
 *       length + bytes)
 *   <li>{@code 3} DURABLE: sequence (long); every frame up to it was acknowledged as durable
 * </ul>
 */
final class JournalRecord {

    static final int HEADER_BYTES = 8;
    static final byte START = 1;
    static final byte FRAME = 2;
    static final byte DURABLE = 3;
    static final byte VERSION = 1;

    private static final int FRAME_FIXED_BYTES = 1 + 8 + 8 + 4 + 4;

    private JournalRecord() {}

    static ByteBuffer start(String producerId) {
        byte[] id = producerId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(1 + 1 + 2 + id.length);
        body.put(START).put(VERSION).putShort((short) id.length).put(id);
        return seal(body);
    }

    static ByteBuffer frame(DataFrame f) {
        ByteBuffer body =
                ByteBuffer.allocate(FRAME_FIXED_BYTES + f.metadata().length + f.payload().length);
        body.put(FRAME).putLong(f.sequence()).putLong(f.tag());
        body.putInt(f.metadata().length).put(f.metadata());
        body.putInt(f.payload().length).put(f.payload());
        return seal(body);
    }

    static ByteBuffer durable(long sequence) {
        return seal(ByteBuffer.allocate(1 + 8).put(DURABLE).putLong(sequence));
    }

    /** The bytes {@link #frame} takes in the file. */
    static long frameBytes(DataFrame f) {
        return HEADER_BYTES + FRAME_FIXED_BYTES + (long) f.metadata().length + f.payload().length;
    }

    static int checksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }

    private static ByteBuffer seal(ByteBuffer body) {
        byte[] bytes = body.array();
        return ByteBuffer.allocate(HEADER_BYTES + bytes.length)
                .putInt(bytes.length)
                .putInt(checksum(bytes))
                .put(bytes)
                .flip();
    }

    /** A decoded body: START (producer id), FRAME (frame) or DURABLE (sequence). */
    record Body(byte type, String producerId, DataFrame frame, long sequence) {}

    /**
     * Decodes a body whose checksum matched.
     *
     * @throws IllegalArgumentException when it is not a record of this format (an unknown type or
     *     version, fields that do not fill the body exactly)
     */
    static Body decode(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        try {
            byte type = b.get();
            Body decoded =
                    switch (type) {
                        case START -> decodeStart(b);
                        case FRAME -> decodeFrame(b);
                        case DURABLE -> new Body(DURABLE, null, null, b.getLong());
                        default ->
                                throw new IllegalArgumentException("unknown record type " + type);
                    };
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(
                        b.remaining() + " bytes after the fields of a record of type " + type);
            }
            return decoded;
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("a record's fields run past its end", e);
        }
    }

    private static Body decodeStart(ByteBuffer b) {
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "journal format version " + version + ", this client reads " + VERSION);
        }
        byte[] id = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(id);
        return new Body(START, new String(id, StandardCharsets.UTF_8), null, 0);
    }

    private static Body decodeFrame(ByteBuffer b) {
        long sequence = b.getLong();
        long tag = b.getLong();
        byte[] metadata = new byte[b.getInt()];
        b.get(metadata);
        byte[] payload = new byte[b.getInt()];
        b.get(payload);
        return new Body(FRAME, null, new DataFrame(tag, metadata, payload, sequence), 0);
    }
}
