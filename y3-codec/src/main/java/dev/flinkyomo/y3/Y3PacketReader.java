package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream of concatenated Y3 packets (as YoMo writes frames back to back on one QUIC
 * stream, with no outer length) into whole packets, whatever pieces the bytes arrive in. A partial
 * packet means "feed me more", not an error; a length above the maximum packet size is refused as
 * soon as its header is complete, before any byte of its value is waited for. Error offsets are
 * positions in the whole stream. Like y3's {@code ReadPacket}, incrementally.
 *
 * <p>This is the splitter the YoMo transport runs in production (its Netty adapter is {@code
 * dev.flinkyomo.yomo.transport.Y3FrameSplitter}), so its design is driven by that hot path: the
 * stream's bytes are copied once, into one reused heap array, and packets are decoded in place from
 * it ({@link #nextPacket()}, {@link #packetBuffer()}, {@link #packetOffset()}). A QUIC read rarely
 * ends on a frame boundary (a 1 KiB frame spans two packets), so a growing Netty cumulation buffer
 * was reallocated, zeroed and copied again and again; this array only moves the unfinished tail of
 * the last read to its front, and grows only for a packet larger than itself. {@link #trim()} gives
 * a grown array back once the large packet is decoded.
 *
 * <p>Bytes come in either by {@link #feed(byte[], int, int)} (one copy from the caller's array) or,
 * for a source that copies into an array itself (a Netty {@code ByteBuf.readBytes}), by writing
 * straight into this splitter's array: {@link #ensureWritable(int)}, then write {@code n} bytes to
 * {@link #array()} from {@link #writeIndex()}, then {@link #commitWritten(int)}. Either way each
 * byte is copied exactly once.
 *
 * <p>Not thread-safe.
 */
@PublicEvolving
public final class Y3PacketReader {

    /**
     * The first array: 1 KiB, grown by doubling when a read needs more. It was 16 KiB; a YoMo
     * listener keeps one reader per connection for the connection's life, and with 1,000 quiet
     * devices (a ~60-byte frame a second each) ConnectionScaleBenchmark measured 24.8 KiB of heap
     * per connection, 16 KiB of it this array holding one small frame at a time. A busy stream
     * grows it to what its reads need within its first few reads, once.
     */
    private static final int INITIAL_CAPACITY = 1024;

    /** An array grown past this for a large packet is given back by {@link #trim()}. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private static final byte[] NONE = new byte[0];

    private final int maxPacketSize;
    private byte[] buf = NONE;
    private int start; // first unconsumed byte
    private int end; // one past the last buffered byte
    private int packetOffset; // where the packet last returned by nextPacket() begins
    private long streamOffset; // stream offset of the byte at start

    public Y3PacketReader() {
        this(Y3Limits.DEFAULT);
    }

    public Y3PacketReader(Y3Limits limits) {
        this(limits.maxPacketSize());
    }

    /**
     * @param maxPacketSize largest accepted value length in bytes (tag and length not counted)
     */
    public Y3PacketReader(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    /** Appends {@code len} bytes of {@code bytes} from {@code off} (copied once). */
    public void feed(byte[] bytes, int off, int len) {
        ensureWritable(len);
        System.arraycopy(bytes, off, buf, end, len);
        end += len;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * Makes room for {@code n} more bytes at {@link #writeIndex()} of {@link #array()}: moves the
     * unfinished packet to the front if that is enough, else grows. Invalidates the packet last
     * returned by {@link #nextPacket()} and any array obtained before.
     */
    public void ensureWritable(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative byte count " + n);
        }
        if (buf.length - end >= n) {
            return;
        }
        int buffered = end - start;
        long needed = (long) buffered + n;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new Y3Exception(
                    Y3Exception.Reason.TOO_LARGE,
                    streamOffset,
                    "cannot buffer " + needed + " bytes in one array");
        }
        if (needed <= buf.length) {
            // enough room once the consumed bytes are dropped: move the unfinished packet to the
            // front
            System.arraycopy(buf, start, buf, 0, buffered);
        } else {
            long grown = Math.max(needed, Math.max(INITIAL_CAPACITY, buf.length * 2L));
            byte[] bigger = new byte[(int) Math.min(grown, Integer.MAX_VALUE - 8)];
            System.arraycopy(buf, start, bigger, 0, buffered);
            buf = bigger;
        }
        start = 0;
        end = buffered;
    }

    /** The array to write into after {@link #ensureWritable(int)}; valid until the next call. */
    public byte[] array() {
        return buf;
    }

    /** Where in {@link #array()} the next byte goes. */
    public int writeIndex() {
        return end;
    }

    /** Declares {@code n} bytes written to {@link #array()} from {@link #writeIndex()}. */
    public void commitWritten(int n) {
        if (n < 0 || n > buf.length - end) {
            throw new IllegalArgumentException(
                    "committed " + n + " bytes but only " + (buf.length - end) + " were writable");
        }
        end += n;
    }

    /** The first buffered byte, or -1 if nothing is buffered. */
    public int peekFirstByte() {
        return start < end ? buf[start] & 0xFF : -1;
    }

    /**
     * Consumes the next whole packet (tag, length and value) and returns its length, or -1 if more
     * bytes are needed. The packet lies in {@link #packetBuffer()} from {@link #packetOffset()},
     * valid until the next write or {@link #trim()}, so a hot path decodes it in place.
     *
     * @throws Y3Exception for a negative, over-long or oversized length, at its stream offset; the
     *     splitter is then unusable (the stream cannot be resynchronised)
     */
    public int nextPacket() {
        int readable = end - start;
        if (readable < 2) {
            return -1;
        }
        long h = Y3Header.tryParse(buf, start, end, maxPacketSize, start - streamOffset);
        if (h == Y3Header.NEED_MORE) {
            return -1;
        }
        int total = Y3Header.headerSize(h) + Y3Header.valueLength(h);
        if (readable < total) {
            return -1;
        }
        packetOffset = start;
        start += total;
        streamOffset += total;
        if (start == end) {
            // the next write lands at the front (the packet's bytes stay intact until then)
            start = 0;
            end = 0;
        }
        return total;
    }

    /**
     * The whole length (tag, length and value) of the packet the buffered bytes begin, once its
     * header is complete but its value is not: -1 when nothing is buffered, the header is not yet
     * complete, or a whole packet is waiting for {@link #nextPacket()}. A caller that must decide
     * whether it can afford a packet (a listener's memory budget) learns its size here, after a few
     * bytes, before the value arrives.
     *
     * @throws Y3Exception as {@link #nextPacket()} for a hostile length
     */
    public int pendingPacketLength() {
        if (end - start < 2) {
            return -1;
        }
        long h = Y3Header.tryParse(buf, start, end, maxPacketSize, start - streamOffset);
        if (h == Y3Header.NEED_MORE) {
            return -1;
        }
        int total = Y3Header.headerSize(h) + Y3Header.valueLength(h);
        return end - start < total ? total : -1;
    }

    /**
     * Grows the array once to hold the whole pending packet of {@code total} bytes (see {@link
     * #pendingPacketLength()}), instead of doubling as its bytes arrive: the array is then exactly
     * as large as the packet, which is what a memory budget granted for it.
     */
    public void reservePacket(int total) {
        int buffered = end - start;
        if (total <= buf.length) {
            ensureWritable(Math.max(0, total - buffered)); // at most moves the bytes to the front
            return;
        }
        byte[] exact = new byte[total];
        System.arraycopy(buf, start, exact, 0, buffered);
        buf = exact;
        start = 0;
        end = buffered;
    }

    /** The length of the array the bytes are buffered in (heap held, whatever is buffered). */
    public int capacity() {
        return buf.length;
    }

    /**
     * The next whole packet as a new array, or null if more bytes are needed.
     *
     * @throws Y3Exception as {@link #nextPacket()}
     */
    public byte[] next() {
        int len = nextPacket();
        return len < 0 ? null : Arrays.copyOfRange(buf, packetOffset, packetOffset + len);
    }

    /** The array holding the packet last returned by {@link #nextPacket()}. */
    public byte[] packetBuffer() {
        return buf;
    }

    /**
     * Where in {@link #packetBuffer()} the packet last returned by {@link #nextPacket()} begins.
     */
    public int packetOffset() {
        return packetOffset;
    }

    /**
     * Gives back an array that grew past 64 KiB for a large packet, once that packet is decoded (a
     * no-op otherwise, so it can be called after every packet).
     */
    public void trim() {
        int buffered = end - start;
        if (buf.length > RETAINED_CAPACITY && buffered <= RETAINED_CAPACITY / 2) {
            byte[] smaller = new byte[RETAINED_CAPACITY];
            System.arraycopy(buf, start, smaller, 0, buffered);
            buf = smaller;
            start = 0;
            end = buffered;
        }
    }

    /** Bytes buffered but not yet returned as packets (a partial packet at the end of input). */
    public int buffered() {
        return end - start;
    }

    /** Stream offset of the first byte not yet returned, i.e. of the next packet. */
    public long position() {
        return streamOffset;
    }

    /** Drops whatever is buffered and the array (the stream offset is kept). */
    public void release() {
        buf = NONE;
        start = 0;
        end = 0;
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
