package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundMetadataTest {

    private final OutboundMetadata plain = new OutboundMetadata("sink-0", null);

    @Test
    void inputMetadataIsCarriedForwardExceptTheTarget() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put(MetadataKeys.TID, "tid-1");
        in.put(MetadataKeys.SOURCE_ID, "device-7");
        in.put("yomo-trace-id", "trace");
        in.put("custom", "x");
        in.put(MetadataKeys.TARGET, "sfn-a");
        assertThat(plain.resolve(in))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                MetadataKeys.TID,
                                "tid-1",
                                MetadataKeys.SOURCE_ID,
                                "device-7",
                                "yomo-trace-id",
                                "trace",
                                "custom",
                                "x"));
    }

    @Test
    void framesWithoutOriginGetAFreshTidAndTheSinkAsSource() {
        Map<String, String> a = plain.resolve(Map.of());
        Map<String, String> b = plain.resolve(Map.of());
        assertThat(a.get(MetadataKeys.TID)).matches("[0-9A-Za-z_-]{21}");
        assertThat(a.get(MetadataKeys.TID)).isNotEqualTo(b.get(MetadataKeys.TID));
        assertThat(a).containsEntry(MetadataKeys.SOURCE_ID, "sink-0").hasSize(2);
    }

    @Test
    void configuredTargetReplacesTheInputsAndEmptyValuesDeleteKeys() {
        OutboundMetadata targeted = new OutboundMetadata("sink-0", "sfn-b");
        Map<String, String> out =
                targeted.resolve(
                        Map.of(MetadataKeys.TARGET, "sfn-a", "gone", "", MetadataKeys.TID, "t"));
        assertThat(out).containsEntry(MetadataKeys.TARGET, "sfn-b").doesNotContainKey("gone");
        assertThat(MetadataCodec.decode(targeted.encode(Map.of(MetadataKeys.TID, "t"))))
                .isEqualTo(
                        Map.of(
                                MetadataKeys.TID,
                                "t",
                                MetadataKeys.SOURCE_ID,
                                "sink-0",
                                MetadataKeys.TARGET,
                                "sfn-b"));
    }

    @Test
    void undecodedWireMetadataThatTheRulesLeaveAloneGoesOutAsItCameIn() {
        byte[] wire =
                MetadataCodec.encode(
                        Map.of(MetadataKeys.TID, "tid-1", MetadataKeys.SOURCE_ID, "device-7"));
        YomoRecord input = YomoRecord.fromWire(0x33, new byte[] {1}, wire.clone());
        YomoRecord result = input.derive(0x34, new byte[] {2}, null);
        // reading the metadata does not change it, so it still goes out as it came in
        assertThat(result.getMetadata()).hasSize(2);
        byte[] forwarded = plain.encode(result);
        assertThat(forwarded).containsExactly(wire);
        // a copy: what the sink does with it cannot reach the record
        forwarded[0] = 0;
        assertThat(plain.encode(result)).containsExactly(wire);
        // a configured target changes it; so does a record whose metadata was replaced
        byte[] targeted = new OutboundMetadata("sink-0", "sfn-b").encode(result);
        assertThat(MetadataCodec.decode(targeted)).containsEntry(MetadataKeys.TARGET, "sfn-b");
        result.putMetadata("custom", "x");
        assertThat(MetadataCodec.decode(plain.encode(result)))
                .containsEntry("custom", "x")
                .containsEntry(MetadataKeys.TID, "tid-1");
        // wire metadata the rules would change is resolved as before
        byte[] noSource = MetadataCodec.encode(Map.of(MetadataKeys.TID, "tid-2"));
        YomoRecord fromSourceWithoutId = YomoRecord.fromWire(0x33, new byte[] {1}, noSource);
        assertThat(MetadataCodec.decode(plain.encode(fromSourceWithoutId)))
                .containsEntry(MetadataKeys.TID, "tid-2")
                .containsEntry(MetadataKeys.SOURCE_ID, "sink-0");
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> YomoSink.builder().setZipper("h", 0))
                .hasMessageContaining("zipper port must be 1..65535");
        assertThatThrownBy(() -> YomoSink.builder().setCredential("secret"))
                .hasMessageContaining("'name:payload'");
        assertThatThrownBy(() -> YomoSink.builder().setBatching(10, Duration.ZERO))
                .hasMessageContaining("positive max delay");
        assertThatThrownBy(() -> YomoSink.builder().setRecordSerializer(e -> null).build())
                .hasMessageContaining("setZipper");
        assertThatThrownBy(() -> YomoSink.builder().setZipper("h", 9000).build())
                .hasMessageContaining("setRecordSerializer");
        assertThatThrownBy(() -> TagSelector.fixed(0xF001))
                .hasMessageContaining("reserved by YoMo");
        assertThatThrownBy(() -> TagSelector.fixed(1L << 32)).hasMessageContaining("uint32");
    }
}
