package dev.flinkyomo.connector.yomo.transport;

import dev.flinkyomo.connector.yomo.protocol.YomoProtocolException;
import dev.flinkyomo.y3.PVarInt;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;

/**
 * Cuts the bytes of one QUIC stream into whole Y3 packets (frames are written back to back with
 * no outer length). A partial frame means "wait for more"; a length above the maximum frame size
 * is refused as soon as its header is complete, before any byte of it is buffered. Not a pipeline
 * handler on purpose: the stream handler decides when to take the next frame (backpressure).
 *
 * <p>Not thread-safe; used from the stream's event loop only.
 */
final class Y3FrameSplitter {

    private final int maxFrameSize;
    /** Frames up to this size reuse one buffer; a larger one gets a buffer of its own. */
    private static final int RETAINED_FRAME_BUFFER = 64 * 1024;

    private final byte[] header = new byte[1 + PVarInt.MAX_SIZE_32];
    private byte[] frame = new byte[1024];
    private ByteBuf cumulation;
    private long streamOffset; // stream offset of the first unconsumed byte

    Y3FrameSplitter(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** Takes ownership of {@code in}. */
    void add(ByteBufAllocator alloc, ByteBuf in) {
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    }

    /** The first buffered byte, or -1 if nothing is buffered. */
    int peekFirstByte() {
        return cumulation == null || !cumulation.isReadable()
                ? -1
                : cumulation.getUnsignedByte(cumulation.readerIndex());
    }

    /**
     * The next whole frame as a new array, or null if more bytes are needed.
     *
     * @throws YomoProtocolException for a negative or oversized length, with the stream offset
     */
    byte[] next() {
        int len = nextFrame();
        return len < 0 ? null : Arrays.copyOf(frame, len);
    }

    /**
     * Moves the next whole frame into {@link #frameBuffer()} and returns its length, or -1 if more
     * bytes are needed. The buffer is reused by the next call, so a hot path decodes without
     * allocating per frame.
     *
     * @throws YomoProtocolException for a negative or oversized length, with the stream offset
     */
    int nextFrame() {
        if (cumulation == null) {
            return -1;
        }
        int readable = cumulation.readableBytes();
        if (readable < 2) {
            return -1;
        }
        int n = Math.min(readable, header.length);
        cumulation.getBytes(cumulation.readerIndex(), header, 0, n);
        long h;
        try {
            h = Y3Header.tryParse(header, 0, n, maxFrameSize, -streamOffset);
        } catch (Y3Exception e) {
            String detail =
                    e.reason() == Y3Exception.Reason.TOO_LARGE
                            ? "frame length exceeds the maximum frame size of " + maxFrameSize + " bytes"
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
        if (frame.length < total) {
            // grown as needed; trimFrameBuffer() gives a huge one back after use
            frame = new byte[total];
        }
        cumulation.readBytes(frame, 0, total);
        streamOffset += total;
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        }
        return total;
    }

    /** The frame last returned by {@link #nextFrame()}, in {@code [0, length)}. */
    byte[] frameBuffer() {
        return frame;
    }

    /** Drops a frame buffer that grew past the retained size (call after decoding a frame). */
    void trimFrameBuffer() {
        if (frame.length > RETAINED_FRAME_BUFFER) {
            frame = new byte[RETAINED_FRAME_BUFFER];
        }
    }

    /** Bytes buffered that are not (yet) a whole frame. */
    int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    /** Stream offset of the next frame. */
    long streamOffset() {
        return streamOffset;
    }

    void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
