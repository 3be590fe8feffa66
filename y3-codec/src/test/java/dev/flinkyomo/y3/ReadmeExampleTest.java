package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage example of README.md, so it stays true. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleReadsTheObservedValue() {
        List<Float> printed = new ArrayList<>();

        byte[] packet =
                new Y3Writer()
                        .beginNode(0x10)
                        .float32(0x11, 45.5f)
                        .string(0x13, "edge")
                        .endNode()
                        .toByteArray();

        Y3PacketReader splitter = new Y3PacketReader(Y3Limits.DEFAULT);
        splitter.feed(packet, 0, 3); // bytes arrive in any pieces
        assertThat(splitter.next()).isNull();
        splitter.feed(packet, 3, packet.length - 3);
        byte[] whole = splitter.next(); // null until a packet is complete

        Y3ObservingDecoder.Builder observe = Y3ObservingDecoder.builder();
        int noise = observe.observe(Y3KeyPath.parsePath("0x10.0x11"));
        observe.build()
                .decode(
                        whole,
                        (field, tag, buf, at, len, base) -> {
                            assertThat(field).isEqualTo(noise);
                            printed.add(VarFloat.decode32(buf, at, len, base));
                        });

        assertThat(printed).containsExactly(45.5f);
    }
}
