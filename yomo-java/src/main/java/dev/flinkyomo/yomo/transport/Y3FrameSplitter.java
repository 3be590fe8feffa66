package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.y3.PVarInt;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Header;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * Cuts the bytes of one QUIC stream into whole Y3 packets (frames are written back to back with no
 * outer length). A partial frame means "wait for more"; a length above the maximum frame size is
 * refused as soon as its header is complete, before any byte of it is buffered. Not a pipeline
 * handler on purpose: the stream handler decides when to take the next frame (backpressure).
 *
 * <p>The stream's bytes are copied once, into one reused heap array, and frames are decoded in
 * place from it. A QUIC read rarely ends on a frame boundary (a 1 KiB frame spans two packets), so
 * a growing Netty cumulation buffer was reallocated, zeroed and copied again and again; this array
 * only moves the unfinished tail of the last read to its front, and grows only for a frame larger
 * than itself.
 *
 * <p>Not thread-safe; used from the stream's event loop only.
 */
final class Y3FrameSplitter {

    private static final int INITIAL_CAPACITY = 16 * 1024;

    /** A buffer grown past this for a large frame is given back once that frame is decoded. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private static final byte[] NONE = new byte[0];

    private final int maxFrameSize;
    private byte[] buf = NONE;
    private int start; // first unconsumed byte
    private int end; // one past the last buffered byte
    private int frameOffset; // where the frame last returned by nextFrame() begins
    private long streamOffset; // stream offset of the byte at start

    Y3FrameSplitter(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** Copies the readable bytes of {@code in} and releases it. */
    void add(ByteBuf in) {
        try {
            int n = in.readableBytes();
            makeRoom(n);
            in.readBytes(buf, end, n);
            end += n;
        } finally {
            in.release();
        }
    }

    private void makeRoom(int n) {
        if (buf.length - end >= n) {
            return;
        }
        int buffered = end - start;
        int needed = buffered + n;
        if (needed <= buf.length) {
            // enough room once the consumed bytes are dropped: move the unfinished frame to the
            // front
            System.arraycopy(buf, start, buf, 0, buffered);
        } else {
            byte[] bigger = new byte[Math.max(needed, Math.max(INITIAL_CAPACITY, buf.length * 2))];
            System.arraycopy(buf, start, bigger, 0, buffered);
            buf = bigger;
        }
        start = 0;
        end = buffered;
    }

    /** The first buffered byte, or -1 if nothing is buffered. */
    int peekFirstByte() {
        return start < end ? buf[start] & 0xFF : -1;
    }

    /**
     * The next whole frame as a new array, or null if more bytes are needed.
     *
     * @throws YomoProtocolException for a negative or oversized length, with the stream offset
     */
    byte[] next() {
        int len = nextFrame();
        return len < 0 ? null : Arrays.copyOfRange(buf, frameOffset, frameOffset + len);
    }

    /**
     * Consumes the next whole frame and returns its length, or -1 if more bytes are needed. The
     * frame lies in {@link #frameBuffer()} from {@link #frameOffset()}, valid until the next {@link
     * #add} or {@link #trimFrameBuffer()}, so a hot path decodes it in place.
     *
     * @throws YomoProtocolException for a negative or oversized length, with the stream offset
     */
    int nextFrame() {
        int readable = end - start;
        if (readable < 2) {
            return -1;
        }
        long h;
        try {
            h =
                    Y3Header.tryParse(
                            buf,
                            start,
                            start + Math.min(readable, 1 + PVarInt.MAX_SIZE_32),
                            maxFrameSize,
                            start - streamOffset);
        } catch (Y3Exception e) {
            String detail =
                    e.reason() == Y3Exception.Reason.TOO_LARGE
                            ? "frame length exceeds the maximum frame size of "
                                    + maxFrameSize
                                    + " bytes"
                            : e.getMessage();
            throw new YomoProtocolException("stream", streamOffset, detail, e);
        }
        if (h == Y3Header.NEED_MORE) {
            return -1;
        }
        int total = Y3Header.headerSize(h) + Y3Header.valueLength(h);
        if (readable < total) {
            return -1;
        }
        frameOffset = start;
        start += total;
        streamOffset += total;
        if (start == end) {
            start = 0; // the next read lands at the front (the frame's bytes stay intact until
            // then)
            end = 0;
        }
        return total;
    }

    /** The array holding the frame last returned by {@link #nextFrame()}. */
    byte[] frameBuffer() {
        return buf;
    }

    /** Where in {@link #frameBuffer()} the frame last returned by {@link #nextFrame()} begins. */
    int frameOffset() {
        return frameOffset;
    }

    /** Gives back a buffer that grew past the retained size, once the large frame is decoded. */
    void trimFrameBuffer() {
        int buffered = end - start;
        if (buf.length > RETAINED_CAPACITY && buffered <= RETAINED_CAPACITY / 2) {
            byte[] smaller = new byte[RETAINED_CAPACITY];
            System.arraycopy(buf, start, smaller, 0, buffered);
            buf = smaller;
            start = 0;
            end = buffered;
        }
    }

    /** Bytes buffered that are not (yet) a whole frame. */
    int buffered() {
        return end - start;
    }

    /** Stream offset of the next frame. */
    long streamOffset() {
        return streamOffset;
    }

    /** Drops whatever is buffered. */
    void release() {
        buf = NONE;
        start = 0;
        end = 0;
    }
}
