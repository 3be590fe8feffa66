package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Y3PacketReaderTest {

    private static List<byte[]> packets(int n, Random random) {
        List<byte[]> out = new ArrayList<>();
        Y3Writer w = new Y3Writer();
        for (int i = 0; i < n; i++) {
            byte[] payload = new byte[random.nextInt(10_000)];
            random.nextBytes(payload);
            out.add(
                    w.reset()
                            .beginNode(0x3F)
                            .uint32(0x01, i)
                            .string(0x03, "t" + i)
                            .bytes(0x02, payload)
                            .endNode()
                            .toByteArray());
        }
        return out;
    }

    @Test
    void partialPacketsMeanNeedMoreBytes() {
        byte[] p = new Y3Writer().string(0x01, "hello").toByteArray();
        Y3PacketReader r = new Y3PacketReader();
        for (int i = 0; i < p.length - 1; i++) {
            r.feed(p, i, 1);
            assertThat(r.next()).isNull();
        }
        r.feed(p, p.length - 1, 1);
        assertThat(r.next()).isEqualTo(p);
        assertThat(r.next()).isNull();
        assertThat(r.buffered()).isZero();
        assertThat(r.position()).isEqualTo(p.length);
    }

    @Test
    void anyChunkingYieldsTheSamePackets() {
        Random random = new Random(7);
        List<byte[]> expected = packets(200, random);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        expected.forEach(all::writeBytes);
        byte[] stream = all.toByteArray();
        for (int round = 0; round < 5; round++) {
            Y3PacketReader r = new Y3PacketReader();
            List<byte[]> got = new ArrayList<>();
            int pos = 0;
            while (pos < stream.length) {
                int n = Math.min(stream.length - pos, 1 + random.nextInt(round == 0 ? 3 : 20_000));
                r.feed(stream, pos, n);
                pos += n;
                byte[] p;
                while ((p = r.next()) != null) {
                    got.add(p);
                }
            }
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).isEqualTo(expected.get(i));
            }
            assertThat(r.buffered()).isZero();
        }
    }

    @Test
    void blockingReadPacketReadsOneAtATime() throws Exception {
        List<byte[]> expected = packets(20, new Random(3));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        expected.forEach(all::writeBytes);
        ByteArrayInputStream in = new ByteArrayInputStream(all.toByteArray());
        for (byte[] e : expected) {
            assertThat(Y3PacketReader.readPacket(in, Y3Limits.DEFAULT)).isEqualTo(e);
        }
        assertThat(Y3PacketReader.readPacket(in, Y3Limits.DEFAULT)).isNull();
    }

    /** Writes {@code bytes[off, off+len)} the way the Netty adapter does: into the array. */
    private static void writeInto(Y3PacketReader r, byte[] bytes, int off, int len) {
        r.ensureWritable(len);
        System.arraycopy(bytes, off, r.array(), r.writeIndex(), len);
        r.commitWritten(len);
    }

    /** Every packet the reader yields, copied out of its array in place, trimming after each. */
    private static List<byte[]> drain(Y3PacketReader r) {
        List<byte[]> out = new ArrayList<>();
        int len;
        while ((len = r.nextPacket()) >= 0) {
            int off = r.packetOffset();
            out.add(Arrays.copyOfRange(r.packetBuffer(), off, off + len));
            r.trim();
        }
        return out;
    }

    @Test
    void everySplitPointOfTheStreamYieldsTheSamePacketsThroughBothWriteApis() {
        // one-byte, two-byte and three-byte lengths, an empty value and a node
        List<byte[]> expected =
                List.of(
                        new Y3Writer().string(0x01, "a").toByteArray(),
                        new Y3Writer().bytes(0x02, new byte[0]).toByteArray(),
                        new Y3Writer().bytes(0x03, new byte[200]).toByteArray(),
                        new Y3Writer().bytes(0x04, new byte[20_000]).toByteArray(),
                        new Y3Writer().beginNode(0x3F).uint32(0x01, 7).endNode().toByteArray());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        expected.forEach(all::writeBytes);
        byte[] stream = all.toByteArray();
        for (int split = 0; split <= stream.length; split++) {
            for (boolean intoArray : new boolean[] {false, true}) {
                Y3PacketReader r = new Y3PacketReader();
                List<byte[]> got = new ArrayList<>();
                if (intoArray) {
                    writeInto(r, stream, 0, split);
                } else {
                    r.feed(stream, 0, split);
                }
                got.addAll(drain(r));
                if (intoArray) {
                    writeInto(r, stream, split, stream.length - split);
                } else {
                    r.feed(stream, split, stream.length - split);
                }
                got.addAll(drain(r));
                assertThat(got)
                        .as("split at %d, into the array: %s", split, intoArray)
                        .containsExactlyElementsOf(expected);
                assertThat(r.buffered()).isZero();
                assertThat(r.position()).isEqualTo(stream.length);
            }
        }
    }

    @Test
    void oversizedLengthIsRefusedFromItsHeaderBeforeItsValueIsBuffered() {
        byte[] ok = new Y3Writer().string(0x01, "ok").toByteArray();
        Y3PacketReader r = new Y3PacketReader(1 << 20);
        r.feed(ok);
        // only the header of a value claiming 2^31-1 bytes has arrived
        r.feed(Hex.bytes("02 87 FF FF FF 7F"));
        assertThat(r.nextPacket()).isEqualTo(ok.length);
        assertThatThrownBy(r::nextPacket)
                .isInstanceOf(Y3Exception.class)
                .extracting(e -> ((Y3Exception) e).reason(), e -> ((Y3Exception) e).offset())
                .containsExactly(Y3Exception.Reason.TOO_LARGE, (long) ok.length + 1);
        assertThat(r.position()).isEqualTo(ok.length);
        assertThat(r.array().length)
                .as("nothing was allocated for the claimed length")
                .isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void theUnfinishedTailMovesToTheFrontInsteadOfGrowingTheArray() {
        byte[] p = new Y3Writer().bytes(0x01, new byte[1000]).toByteArray();
        Y3PacketReader r = new Y3PacketReader();
        r.feed(p, 0, p.length); // first write: the array becomes 16 KiB
        byte[] array = r.array();
        for (int i = 0; i < 100; i++) { // 100 KB through, each packet cut in two
            writeInto(r, p, 0, 10);
            assertThat(r.nextPacket()).isEqualTo(p.length); // the previous packet
            writeInto(r, p, 10, p.length - 10);
        }
        assertThat(r.array()).as("the array was reused, never grown").isSameAs(array);
        assertThat(r.next()).isEqualTo(p);
        assertThat(r.position()).isEqualTo(101L * p.length);
    }

    @Test
    void aGrownArrayIsGivenBackByTrimKeepingAPartialTail() {
        byte[] huge = new Y3Writer().bytes(0x01, new byte[1 << 20]).toByteArray();
        byte[] small = new Y3Writer().string(0x02, "tail").toByteArray();
        Y3PacketReader r = new Y3PacketReader(1 << 21);
        r.feed(huge);
        r.feed(small, 0, 3);
        assertThat(r.array().length).isGreaterThanOrEqualTo(huge.length);
        int len = r.nextPacket();
        assertThat(Arrays.copyOfRange(r.packetBuffer(), r.packetOffset(), r.packetOffset() + len))
                .isEqualTo(huge);
        r.trim();
        assertThat(r.array().length).isEqualTo(64 * 1024);
        assertThat(r.buffered()).isEqualTo(3);
        assertThat(r.peekFirstByte()).isEqualTo(small[0] & 0xFF);
        r.feed(small, 3, small.length - 3);
        assertThat(r.next()).isEqualTo(small);
        r.trim(); // a small array is kept
        assertThat(r.array().length).isEqualTo(64 * 1024);
    }

    @Test
    void committingMoreThanWasMadeWritableIsRefused() {
        Y3PacketReader r = new Y3PacketReader();
        r.ensureWritable(10);
        int writable = r.array().length - r.writeIndex();
        assertThatThrownBy(() -> r.commitWritten(writable + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.ensureWritable(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePendingPacketsLengthIsKnownFromItsHeaderAndItsArrayCanBeSizedForIt() {
        byte[] value = new byte[200_000];
        byte[] p = new Y3Writer().bytes(0x02, value).toByteArray();
        Y3PacketReader r = new Y3PacketReader();
        assertThat(r.pendingPacketLength()).as("nothing buffered").isEqualTo(-1);
        r.feed(p, 0, 1);
        assertThat(r.pendingPacketLength()).as("tag only").isEqualTo(-1);
        r.feed(p, 1, 5);
        assertThat(r.pendingPacketLength()).isEqualTo(p.length);

        r.reservePacket(p.length);
        assertThat(r.capacity()).as("grown once, to the packet").isEqualTo(p.length);
        r.feed(p, 6, p.length - 6);
        assertThat(r.capacity()).isEqualTo(p.length);
        assertThat(r.pendingPacketLength()).as("whole: nothing pending").isEqualTo(-1);
        assertThat(r.nextPacket()).isEqualTo(p.length);
        r.trim();
        assertThat(r.capacity()).isEqualTo(64 * 1024);
    }

    @Test
    void aHostilePendingLengthIsRefusedFromItsHeader() {
        Y3PacketReader r = new Y3PacketReader(1024);
        r.feed(new Y3Writer().bytes(0x02, new byte[2048]).toByteArray(), 0, 4);
        assertThatThrownBy(r::pendingPacketLength).isInstanceOf(Y3Exception.class);
    }
}
