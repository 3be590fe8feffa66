package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.DataFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The byte bound as a writer on the event loop sees it: when {@code hasRoom} says yes, a write of
 * any size must be taken (a writer there cannot wait), so the bound can be passed by one frame;
 * after that there is no room until an Ack.
 */
class UnackedFramesBoundTest {

    private static DataFrame frame(int bytes) {
        return new DataFrame(0x33, new byte[0], new byte[bytes]);
    }

    @Test
    void roomMeansAWriteOfAnySizeIsTakenAndTheBoundIsPassedByOneFrameAtMost() throws Exception {
        UnackedFrames frames = new UnackedFrames(AckOptions.of("dev-1").withMaxUnackedBytes(1000));
        frames.append(frame(600), false);
        assertThat(frames.hasRoom()).isTrue();
        frames.append(frame(600), false); // 1,200 bytes: one frame over the bound
        assertThat(frames.hasRoom()).isFalse();
        assertThatThrownBy(() -> frames.append(frame(1), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("full (2 frames, 1200 bytes)");

        frames.acknowledged(1);
        assertThat(frames.hasRoom()).isTrue();
    }
}
