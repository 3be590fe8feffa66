package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.y3.Y3Writer;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Y3FrameSplitterTest {

    private static byte[] frame(int payloadBytes, int seed) {
        byte[] payload = new byte[payloadBytes];
        new Random(seed).nextBytes(payload);
        return new Y3Writer()
                .beginNode(0x3F)
                .uint32(0x01, seed)
                .bytes(0x02, payload)
                .endNode()
                .toByteArray();
    }

    /**
     * Everything the splitter yields, frames copied out of its reused buffer as the handler would.
     */
    private static List<byte[]> drain(Y3FrameSplitter splitter) {
        List<byte[]> out = new ArrayList<>();
        int len;
        while ((len = splitter.nextFrame()) >= 0) {
            int off = splitter.frameOffset();
            out.add(Arrays.copyOfRange(splitter.frameBuffer(), off, off + len));
            splitter.trimFrameBuffer();
        }
        return out;
    }

    @Test
    void framesCutAtEveryPossibleReadBoundaryComeOutWholeAndInOrder() {
        List<byte[]> frames = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int[] sizes = {0, 1, 30, 127, 128, 1024, 5000, 70_000, 3, 16_384, 200_000, 2};
        for (int i = 0; i < sizes.length; i++) {
            byte[] f = frame(sizes[i], i);
            frames.add(f);
            wire.writeBytes(f);
        }
        byte[] bytes = wire.toByteArray();
        Random random = new Random(7);
        for (int maxChunk : new int[] {1, 7, 1200, 1350, 20_000, bytes.length}) {
            Y3FrameSplitter splitter = new Y3FrameSplitter(1 << 20);
            List<byte[]> out = new ArrayList<>();
            for (int pos = 0; pos < bytes.length; ) {
                int n = Math.min(bytes.length - pos, 1 + random.nextInt(maxChunk));
                ByteBuf chunk = Unpooled.copiedBuffer(bytes, pos, n);
                splitter.add(chunk);
                assertThat(chunk.refCnt())
                        .isZero(); // the splitter copies and releases what it is given
                pos += n;
                out.addAll(drain(splitter));
            }
            assertThat(out)
                    .as("chunks of at most %d bytes", maxChunk)
                    .containsExactlyElementsOf(frames);
            assertThat(splitter.buffered()).isZero();
            assertThat(splitter.streamOffset()).isEqualTo(bytes.length);
        }
    }

    @Test
    void anIncompleteFrameWaitsAndIsReportedAsBuffered() {
        byte[] f = frame(1000, 1);
        Y3FrameSplitter splitter = new Y3FrameSplitter(1 << 20);
        splitter.add(Unpooled.copiedBuffer(f, 0, f.length - 1));
        assertThat(splitter.peekFirstByte()).isEqualTo(f[0] & 0xFF);
        assertThat(splitter.nextFrame()).isEqualTo(-1);
        assertThat(splitter.buffered()).isEqualTo(f.length - 1);
        splitter.add(Unpooled.copiedBuffer(f, f.length - 1, 1));
        assertThat(splitter.next()).isEqualTo(f);
        assertThat(splitter.peekFirstByte()).isEqualTo(-1);
    }

    @Test
    void anOversizedLengthIsRefusedFromItsHeaderWithTheStreamOffset() {
        byte[] ok = frame(10, 1);
        byte[] big = frame(5000, 2);
        Y3FrameSplitter splitter = new Y3FrameSplitter(4096);
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(ok).writeBytes(big, 0, 4); // only the big frame's header has arrived
        splitter.add(wire);
        assertThat(splitter.next()).isEqualTo(ok);
        assertThatThrownBy(splitter::nextFrame)
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("maximum frame size of 4096 bytes")
                .hasMessageContaining(String.valueOf(ok.length));
    }

    @Test
    void aBufferGrownForAHugeFrameIsGivenBack() {
        Y3FrameSplitter splitter = new Y3FrameSplitter(1 << 22);
        byte[] huge = frame(1 << 21, 3);
        splitter.add(Unpooled.wrappedBuffer(huge));
        assertThat(splitter.frameBuffer().length).isGreaterThanOrEqualTo(huge.length);
        assertThat(drain(splitter)).containsExactly(huge);
        assertThat(splitter.frameBuffer().length).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void aNegativeLengthKeepsTheCodecsMessageAndTheStreamOffset() {
        byte[] ok = frame(10, 1);
        Y3FrameSplitter splitter = new Y3FrameSplitter(4096);
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(ok).writeBytes(new byte[] {0x01, 0x7F}); // length -1
        splitter.add(wire);
        assertThat(splitter.next()).isEqualTo(ok);
        assertThatThrownBy(splitter::nextFrame)
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("NEGATIVE_LENGTH")
                .hasMessageContaining(String.valueOf(ok.length + 1));
        assertThat(splitter.streamOffset()).isEqualTo(ok.length);
    }
}
