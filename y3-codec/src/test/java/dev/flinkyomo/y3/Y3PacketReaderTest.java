package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

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
}
