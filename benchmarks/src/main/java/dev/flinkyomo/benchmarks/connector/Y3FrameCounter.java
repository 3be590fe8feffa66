package dev.flinkyomo.benchmarks.connector;

import dev.flinkyomo.y3.Y3Header;
import io.netty.buffer.ByteBuf;

/**
 * Counts back-to-back Y3 frames (tag byte + PVarInt length + value) in a byte stream that arrives
 * in arbitrary chunks, skipping the values without copying them: the least work a server can do per
 * frame, so it bounds what any YoMo listener could reach.
 */
final class Y3FrameCounter {

    private final byte[] header = new byte[8];
    private int headerFill;
    private long skip;
    long frames;
    long bytes;

    /** Consumes {@code in} (does not release it). */
    void add(ByteBuf in) {
        bytes += in.readableBytes();
        while (in.isReadable()) {
            if (skip > 0) {
                int n = (int) Math.min(skip, in.readableBytes());
                in.skipBytes(n);
                skip -= n;
                continue;
            }
            header[headerFill++] = in.readByte();
            if (headerFill < 2) {
                continue;
            }
            long h = Y3Header.tryParse(header, 0, headerFill, Integer.MAX_VALUE, 0);
            if (h == Y3Header.NEED_MORE) {
                continue;
            }
            skip = Y3Header.valueLength(h);
            headerFill = 0;
            frames++;
        }
    }
}
