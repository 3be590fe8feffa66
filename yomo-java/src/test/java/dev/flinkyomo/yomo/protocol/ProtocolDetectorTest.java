package dev.flinkyomo.yomo.protocol;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtocolDetectorTest {

    @Test
    void tellsGenerationsApartByTheHandshake() {
        ProtocolDetector d = ProtocolDetector.acceptingAll();
        byte[] finalHs =
                FinalFrameCodec.INSTANCE.encode(HandshakeFrame.of("s", "1", ClientType.SOURCE));
        byte[] legacyHs =
                LegacyFrameCodec.INSTANCE.encode(
                        new HandshakeFrame("s", "", 0x5F, List.of(), "", "", "", "", ""));
        assertThat(d.detect(finalHs[0])).isEqualTo(ProtocolGeneration.FINAL);
        assertThat(d.detect(legacyHs[0])).isEqualTo(ProtocolGeneration.LEGACY_2021);
        assertThat(ProtocolGeneration.FINAL.codec().decode(finalHs))
                .isInstanceOf(HandshakeFrame.class);
        assertThat(ProtocolGeneration.LEGACY_2021.codec().decode(legacyHs))
                .isInstanceOf(HandshakeFrame.class);
    }

    @Test
    void dataBeforeHandshakeIsRefused() {
        assertThatThrownBy(() -> ProtocolDetector.acceptingAll().detect(0xBF))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("expected a handshake")
                .hasMessageContaining("0xBF");
    }

    @Test
    void disabledGenerationIsRefused() {
        ProtocolDetector finalOnly = new ProtocolDetector(EnumSet.of(ProtocolGeneration.FINAL));
        assertThatThrownBy(() -> finalOnly.detect(0xBD))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("2021 protocol")
                .hasMessageContaining("disabled");
    }
}
