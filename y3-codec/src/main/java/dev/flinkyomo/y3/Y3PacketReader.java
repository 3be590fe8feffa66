package dev.flinkyomo.y3;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream of concatenated Y3 packets (as YoMo writes frames back to back on one QUIC
 * stream) into whole packets, whatever pieces the bytes arrive in. A partial packet means "feed me
 * more", not an error; a hostile length is refused before anything is allocated for it. Error
 * offsets are positions in the whole stream.
 *
 * <p>Like y3's {@code ReadPacket}. Not thread-safe.
 */
public final class Y3PacketReader {

    private final Y3Limits limits;
    private byte[] buf = new byte[1024];
    private int start; // first unconsumed byte
    private int end; // one past the last buffered byte
    private long streamOffsetOfStart;

    public Y3PacketReader() {
        this(Y3Limits.DEFAULT);
    }

    public Y3PacketReader(Y3Limits limits) {
        this.limits = limits;
    }

    /** Appends bytes that arrived. */
    public void feed(byte[] bytes, int off, int len) {
        if (end + len > buf.length) {
            compactAndGrow(len);
        }
        System.arraycopy(bytes, off, buf, end, len);
        end += len;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * The next complete packet (tag, length and value), or null when more bytes are needed.
     *
     * @throws Y3Exception if the buffered bytes cannot start a valid packet
     */
    public byte[] next() {
        if (start == end) {
            return null;
        }
        long h =
                Y3Header.tryParse(
                        buf, start, end, limits.maxPacketSize(), start - streamOffsetOfStart);
        if (h == Y3Header.NEED_MORE) {
            return null;
        }
        int total = Y3Header.headerSize(h) + Y3Header.valueLength(h);
        if (end - start < total) {
            return null;
        }
        byte[] packet = Arrays.copyOfRange(buf, start, start + total);
        start += total;
        streamOffsetOfStart += total;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return packet;
    }

    /** Bytes buffered but not yet returned as packets (a partial packet at the end of input). */
    public int buffered() {
        return end - start;
    }

    /** Stream offset of the first byte not yet returned. */
    public long position() {
        return streamOffsetOfStart;
    }

    private void compactAndGrow(int incoming) {
        int pending = end - start;
        long needed = (long) pending + incoming;
        // never hold more than one maximal packet plus its header and the bytes just received
        long ceiling = (long) limits.maxPacketSize() + PVarInt.MAX_SIZE_32 + 1 + incoming;
        if (needed > ceiling) {
            throw new Y3Exception(
                    Y3Exception.Reason.TOO_LARGE,
                    streamOffsetOfStart,
                    "buffered bytes exceed the maximum packet size " + limits.maxPacketSize());
        }
        byte[] target = buf;
        if (needed > buf.length) {
            target =
                    new byte
                            [(int)
                                    Math.min(
                                            Math.max(needed, buf.length * 2L),
                                            Integer.MAX_VALUE - 8)];
        }
        System.arraycopy(buf, start, target, 0, pending);
        buf = target;
        start = 0;
        end = pending;
    }

    /**
     * Reads exactly one packet from a blocking stream, like y3's {@code ReadPacket}.
     *
     * @return the packet, or null if the stream ended cleanly before its first byte
     * @throws Y3Exception TRUNCATED if the stream ends inside a packet
     */
    public static byte[] readPacket(InputStream in, Y3Limits limits) throws IOException {
        byte[] header = new byte[1 + PVarInt.MAX_SIZE_32];
        int tag = in.read();
        if (tag < 0) {
            return null;
        }
        header[0] = (byte) tag;
        int n = 1;
        long h;
        while ((h = Y3Header.tryParse(header, 0, n, limits.maxPacketSize(), 0))
                == Y3Header.NEED_MORE) {
            int b = in.read();
            if (b < 0) {
                throw new Y3Exception(
                        Y3Exception.Reason.TRUNCATED, n, "stream ends inside a length");
            }
            header[n++] = (byte) b;
        }
        int hs = Y3Header.headerSize(h);
        int len = Y3Header.valueLength(h);
        byte[] packet = Arrays.copyOf(header, hs + len);
        int read = hs;
        while (read < packet.length) {
            int r = in.read(packet, read, Math.min(packet.length - read, 1 << 20));
            if (r < 0) {
                throw new Y3Exception(
                        Y3Exception.Reason.TRUNCATED,
                        read,
                        "stream ends after " + read + " of " + packet.length + " packet bytes");
            }
            read += r;
        }
        return packet;
    }
}
