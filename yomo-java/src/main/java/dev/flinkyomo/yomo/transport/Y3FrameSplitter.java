package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Header;
import dev.flinkyomo.y3.Y3PacketReader;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * Cuts the bytes of one QUIC stream into whole Y3 frames: the Netty adapter of y3-codec's {@link
 * Y3PacketReader}, which does all the splitting (one reused array, frames decoded in place, a
 * hostile length refused from its header). This class only moves a {@link ByteBuf} into the
 * reader's array (one copy, then the buffer is released) and turns the codec's {@link Y3Exception}
 * into a {@link YomoProtocolException} with the stream offset. Not a pipeline handler on purpose:
 * the stream handler decides when to take the next frame (backpressure).
 *
 * <p>Not thread-safe; used from the stream's event loop only.
 */
final class Y3FrameSplitter {

    private final int maxFrameSize;
    private final Y3PacketReader reader;

    Y3FrameSplitter(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        this.reader = new Y3PacketReader(maxFrameSize);
    }

    /** Copies the readable bytes of {@code in} and releases it. */
    void add(ByteBuf in) {
        try {
            int n = in.readableBytes();
            reader.ensureWritable(n);
            in.readBytes(reader.array(), reader.writeIndex(), n); // the one copy
            reader.commitWritten(n);
        } catch (Y3Exception e) {
            throw protocolError(e);
        } finally {
            in.release();
        }
    }

    /** The first buffered byte, or -1 if nothing is buffered. */
    int peekFirstByte() {
        return reader.peekFirstByte();
    }

    /**
     * The value length the next frame's header announces, or -1 while the header is incomplete: a
     * caller with a lower limit for this frame refuses it before its body arrives.
     *
     * @throws YomoProtocolException for a negative or over-long length field
     */
    long announcedLength() {
        int end = reader.writeIndex();
        int start = end - reader.buffered();
        if (start >= end) {
            return -1;
        }
        try {
            long h =
                    Y3Header.tryParse(
                            reader.array(),
                            start,
                            end,
                            Integer.MAX_VALUE,
                            start - reader.position());
            return h == Y3Header.NEED_MORE ? -1 : Y3Header.valueLength(h);
        } catch (Y3Exception e) {
            throw protocolError(e);
        }
    }

    /**
     * The next whole frame as a new array, or null if more bytes are needed.
     *
     * @throws YomoProtocolException for a negative or oversized length, with the stream offset
     */
    byte[] next() {
        try {
            return reader.next();
        } catch (Y3Exception e) {
            throw protocolError(e);
        }
    }

    /**
     * Consumes the next whole frame and returns its length, or -1 if more bytes are needed. The
     * frame lies in {@link #frameBuffer()} from {@link #frameOffset()}, valid until the next {@link
     * #add} or {@link #trimFrameBuffer()}, so a hot path decodes it in place.
     *
     * @throws YomoProtocolException for a negative or oversized length, with the stream offset
     */
    int nextFrame() {
        try {
            return reader.nextPacket();
        } catch (Y3Exception e) {
            throw protocolError(e);
        }
    }

    private YomoProtocolException protocolError(Y3Exception e) {
        String detail =
                e.reason() == Y3Exception.Reason.TOO_LARGE
                        ? "frame length exceeds the maximum frame size of "
                                + maxFrameSize
                                + " bytes"
                        : e.getMessage();
        return new YomoProtocolException("stream", reader.position(), detail, e);
    }

    /** The array holding the frame last returned by {@link #nextFrame()}. */
    byte[] frameBuffer() {
        return reader.packetBuffer();
    }

    /** Where in {@link #frameBuffer()} the frame last returned by {@link #nextFrame()} begins. */
    int frameOffset() {
        return reader.packetOffset();
    }

    /** Gives back a buffer that grew past the retained size, once the large frame is decoded. */
    void trimFrameBuffer() {
        reader.trim();
    }

    /** Bytes buffered that are not (yet) a whole frame. */
    int buffered() {
        return reader.buffered();
    }

    /** Stream offset of the next frame. */
    long streamOffset() {
        return reader.position();
    }

    /** Drops whatever is buffered. */
    void release() {
        reader.release();
    }
}
