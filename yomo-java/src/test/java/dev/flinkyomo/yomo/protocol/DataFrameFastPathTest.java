package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The receive hot path for DataFrames must agree with the general decoder on every frame it
 * accepts, and leave everything else (so the general decoder can name the problem) to it.
 */
class DataFrameFastPathTest {

    private static final FinalFrameCodec CODEC = FinalFrameCodec.INSTANCE;

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    /** Fields in any order, sometimes missing, repeated, unknown, or nested (an unknown node). */
    private static byte[] randomDataFrame(Random r) {
        Y3Writer w = new Y3Writer(IntegerEncoding.NVARINT).beginNode(0x3F);
        int fields = r.nextInt(6);
        for (int i = 0; i < fields; i++) {
            switch (r.nextInt(6)) {
                case 0 -> w.uint32(0x01, r.nextInt() & 0xFFFF_FFFFL);
                case 1 -> w.bytes(0x03, randomBytes(r, 100));
                case 2 -> w.bytes(0x02, randomBytes(r, r.nextBoolean() ? 40 : 3000));
                case 3 -> w.bytes(0x04 + r.nextInt(50), randomBytes(r, 10));
                case 4 -> w.beginNode(0x05).bytes(0x01, randomBytes(r, 5)).endNode();
                default -> w.uint32(0x01, r.nextInt(100));
            }
        }
        return w.endNode().toByteArray();
    }

    private static void agree(byte[] packet, int off, int len) {
        DataFrame fast = FinalFrameCodec.decodeWellFormedData(packet, off, len);
        if (fast != null) {
            Throwable failure = catchThrowable(() -> CODEC.decodeGeneral(packet, off, len));
            assertThat(failure)
                    .as("the general decoder refused what the fast path accepted")
                    .isNull();
            assertThat(fast).isEqualTo(CODEC.decodeGeneral(packet, off, len));
        }
    }

    @Test
    void wellFormedFramesDecodeAlikeAtAnyOffset() {
        Random r = new Random(11);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = randomDataFrame(r);
            int pad = r.nextInt(4);
            byte[] buf = new byte[pad + frame.length + r.nextInt(3)];
            System.arraycopy(frame, 0, buf, pad, frame.length);
            agree(buf, pad, frame.length);
            if (FinalFrameCodec.decodeWellFormedData(buf, pad, frame.length) != null) {
                accepted++;
            }
        }
        assertThat(accepted).as("most frames take the fast path").isGreaterThan(10_000);
    }

    @Test
    void corruptedFramesAreEitherDecodedAlikeOrLeftToTheGeneralDecoder() {
        Random r = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = randomDataFrame(r);
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips && frame.length > 1; f++) {
                frame[1 + r.nextInt(frame.length - 1)] = (byte) r.nextInt(256);
            }
            int len =
                    r.nextInt(5) == 0
                            ? r.nextInt(frame.length + 1)
                            : frame.length; // sometimes truncated
            agree(frame, 0, len);
        }
    }

    @Test
    void theCodecUsesTheFastPathAndStillNamesProblems() {
        byte[] good =
                CODEC.encode(new DataFrame(0x33, new byte[] {(byte) 0x80}, new byte[] {1, 2, 3}));
        assertThat(CODEC.decode(good))
                .isEqualTo(new DataFrame(0x33, new byte[] {(byte) 0x80}, new byte[] {1, 2, 3}));
        byte[] trailing = new byte[good.length + 1];
        System.arraycopy(good, 0, trailing, 0, good.length);
        assertThat(catchThrowable(() -> CODEC.decode(trailing)))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("after the end of the frame");
    }
}
