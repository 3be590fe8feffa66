package dev.flinkyomo.common;

import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YomoRecordTest {

    /** {@code yomo-tid: t1, yomo-source-id: s1}, in that order, as YoMo's msgpack. */
    private static final byte[] WIRE = wire(MetadataKeys.TID, "t1", MetadataKeys.SOURCE_ID, "s1");

    private static byte[] wire(String... keysAndValues) {
        LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            ordered.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return MetadataCodec.encode(ordered);
    }

    private static YomoRecord fromWire(byte[] encoded) {
        return YomoRecord.fromWire(0x33, "hi".getBytes(StandardCharsets.UTF_8), encoded.clone());
    }

    @Test
    void deriveCarriesMetadataForwardLikeCtxWrite() {
        YomoRecord in =
                new YomoRecord(
                        0x33,
                        "hi".getBytes(StandardCharsets.UTF_8),
                        Map.of(MetadataKeys.TID, "t1", MetadataKeys.SOURCE_ID, "s1"));
        in.setClientName("noise-source");
        YomoRecord out = in.derive(0x34, "HI".getBytes(StandardCharsets.UTF_8));
        assertThat(out.getTag()).isEqualTo(0x34);
        assertThat(out.tid()).isEqualTo("t1");
        assertThat(out.sourceId()).isEqualTo("s1");
        assertThat(out.getClientName()).isEqualTo("noise-source");
        // changing the derived record's metadata is explicit and stays in that record
        out.putMetadata("x", "y");
        assertThat(out.getMetadata()).containsEntry("x", "y");
        assertThat(in.getMetadata()).doesNotContainKey("x");
    }

    @Test
    void theMetadataMapsARecordGivesAreReadOnly() {
        YomoRecord mapped = new YomoRecord(0x33, new byte[] {1}, Map.of("k", "v"));
        YomoRecord wire = fromWire(WIRE);
        for (YomoRecord r : new YomoRecord[] {mapped, wire, new YomoRecord()}) {
            assertThatThrownBy(() -> r.getMetadata().put("x", "y"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> r.metadataView().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
        }
        // nor does the map given to the constructor or setter stay linked to the record
        Map<String, String> given = new LinkedHashMap<>(Map.of("k", "v"));
        YomoRecord r = new YomoRecord(0x33, new byte[0], given);
        given.put("k", "changed");
        assertThat(r.metadataValue("k")).isEqualTo("v");
    }

    @Test
    void aTargetedWriteSetsTheTargetAndAPlainWriteClearsIt() {
        Map<String, String> targetedInput =
                Map.of(MetadataKeys.TID, "t1", MetadataKeys.TARGET, "a");
        YomoRecord mapped = new YomoRecord(0x33, new byte[] {1}, targetedInput);
        YomoRecord wire = fromWire(wire(MetadataKeys.TID, "t1", MetadataKeys.TARGET, "a"));
        for (YomoRecord in : new YomoRecord[] {mapped, wire}) {
            assertThat(in.metadataValue(MetadataKeys.TARGET)).isEqualTo("a");

            YomoRecord plain = in.derive(0x34, new byte[] {2}, null);
            assertThat(plain.getMetadata()).containsExactly(Map.entry(MetadataKeys.TID, "t1"));

            YomoRecord retargeted = in.derive(0x34, new byte[] {3}, "b");
            assertThat(retargeted.getMetadata())
                    .containsEntry(MetadataKeys.TID, "t1")
                    .containsEntry(MetadataKeys.TARGET, "b");
            assertThat(retargeted.metadataValue(MetadataKeys.TARGET)).isEqualTo("b");

            YomoRecord same = in.derive(0x34, new byte[] {4}, "a");
            assertThat(same.metadata()).isSameAs(in.metadata());
            // the input keeps its own metadata whatever its derived records did
            assertThat(in.getMetadata()).containsEntry(MetadataKeys.TARGET, "a").hasSize(2);
            assertThat(in.metadataValue(MetadataKeys.TARGET)).isEqualTo("a");
        }
    }

    @Test
    void aPlainWriteOnAnUntargetedWireRecordKeepsTheWireBytes() {
        YomoRecord in = fromWire(WIRE);
        assertThat(in.metadataValue(MetadataKeys.TARGET)).isNull();
        assertThat(in.metadataValue(MetadataKeys.TARGET)).as("asked again").isNull();

        YomoRecord plain = in.derive(0x34, new byte[] {2}, null);
        YomoRecord copy = in.copy();
        assertThat(plain.undecodedMetadata()).containsExactly(WIRE);
        assertThat(copy.undecodedMetadata()).containsExactly(WIRE);
        assertThat(copy.getPayload()).isNotSameAs(in.getPayload()).isEqualTo(in.getPayload());

        YomoRecord targeted = in.derive(0x35, new byte[] {3}, "sfn-2");
        assertThat(targeted.undecodedMetadata()).as("the target changed it").isNull();
        assertThat(targeted.getMetadata())
                .containsExactly(
                        Map.entry(MetadataKeys.TID, "t1"),
                        Map.entry(MetadataKeys.SOURCE_ID, "s1"),
                        Map.entry(MetadataKeys.TARGET, "sfn-2"));
        assertThat(new YomoRecord(0x33, new byte[0], Map.of("k", "v")).undecodedMetadata())
                .isNull();
    }

    @Test
    void equalityHashAndToStringLeaveAWireRecordAsItWas() {
        YomoRecord wire = fromWire(WIRE);
        YomoRecord mapped =
                new YomoRecord(
                        0x33,
                        "hi".getBytes(StandardCharsets.UTF_8),
                        Map.of(MetadataKeys.TID, "t1", MetadataKeys.SOURCE_ID, "s1"));
        YomoMetadata before = wire.metadata();

        assertThat(wire).isEqualTo(mapped).hasSameHashCodeAs(mapped);
        assertThat(mapped).isEqualTo(wire);
        assertThat(wire.toString())
                .contains(
                        "tag=0x33",
                        "'" + MetadataKeys.TID + "'='t1'",
                        "'" + MetadataKeys.SOURCE_ID + "'='s1'");
        assertThat(wire.getMetadata()).hasSize(2); // reading the whole map changes nothing either

        assertThat(wire.metadata()).isSameAs(before);
        assertThat(wire.undecodedMetadata()).as("still forwardable").containsExactly(WIRE);
        assertThat(MetadataCodec.isForwardable(wire.undecodedMetadata())).isTrue();

        assertThat(wire).isNotEqualTo(fromWire(MetadataCodec.encode(Map.of("k", "v"))));
        mapped.putMetadata(MetadataKeys.TID, "t2");
        assertThat(wire).isNotEqualTo(mapped);
    }

    @Test
    void theWireBytesCannotBeChangedThroughTheRecord() {
        YomoRecord r = fromWire(WIRE);
        byte[] given = r.undecodedMetadata();
        java.util.Arrays.fill(given, (byte) 0);
        byte[] fromValue = r.metadata().wireBytes();
        java.util.Arrays.fill(fromValue, (byte) 0);

        assertThat(r.undecodedMetadata()).containsExactly(WIRE);
        assertThat(r.tid()).isEqualTo("t1");
        assertThat(r.getMetadata()).containsEntry(MetadataKeys.SOURCE_ID, "s1");
    }

    @Test
    void replacingTheMetadataIsExplicitAndLeavesCopiesAlone() {
        YomoRecord original = fromWire(WIRE);
        YomoRecord copy = original.copy();
        YomoRecord derived = original.derive(0x34, new byte[] {2});

        original.putMetadata("changed", "original");
        copy.putMetadata(MetadataKeys.TID, null);
        derived.setMetadata(Map.of("only", "this"));

        assertThat(original.getMetadata()).containsEntry("changed", "original").hasSize(3);
        assertThat(original.undecodedMetadata()).as("no longer what came in").isNull();
        assertThat(copy.tid()).isNull();
        assertThat(copy.sourceId()).isEqualTo("s1");
        assertThat(derived.getMetadata()).containsExactly(Map.entry("only", "this"));
        assertThat(original.tid()).isEqualTo("t1");

        derived.setMetadata((Map<String, String>) null);
        assertThat(derived.getMetadata()).isEmpty();
        derived.setMetadata((YomoMetadata) null);
        assertThat(derived.metadata()).isEqualTo(YomoMetadata.empty());
    }

    @Test
    void metadataValuesChangeOnlyByMakingNewOnes() {
        YomoMetadata wire = YomoMetadata.ofWire(WIRE.clone());
        assertThat(wire.without("absent")).isSameAs(wire);
        YomoMetadata withK = wire.with("k", "v");
        assertThat(withK.asMap())
                .containsExactly(
                        Map.entry(MetadataKeys.TID, "t1"),
                        Map.entry(MetadataKeys.SOURCE_ID, "s1"),
                        Map.entry("k", "v"));
        assertThat(withK.with("k", null)).isEqualTo(wire);
        assertThat(withK.without("k").without(MetadataKeys.TID).without(MetadataKeys.SOURCE_ID))
                .isEqualTo(YomoMetadata.empty())
                .isEqualTo(YomoMetadata.ofWire(new byte[0]));
        assertThat(wire.asMap()).hasSize(2);
        assertThat(YomoMetadata.of(null)).isEqualTo(YomoMetadata.empty());
    }

    @Test
    void adoptingTakesTheMapInsteadOfCopyingIt() {
        LinkedHashMap<String, String> decoded = new LinkedHashMap<>(Map.of(MetadataKeys.TID, "t1"));
        YomoRecord r = YomoRecord.adopting(0x33, new byte[] {1}, decoded);
        assertThat(r.getMetadata()).containsExactly(Map.entry(MetadataKeys.TID, "t1"));
        assertThat(YomoRecord.adopting(0x33, null, null).getMetadata()).isEmpty();
        assertThat(YomoRecord.of(1, new byte[0]).derive(2, new byte[0]).getMetadata()).isEmpty();
        assertThatThrownBy(() -> YomoRecord.adopting(-1, new byte[0], decoded))
                .hasMessageContaining("uint32");
    }

    /** What the source makes: the listener's validation already found the target. */
    @Test
    void aValidatedWireRecordIsTheSameValueAsAnyWireRecord() throws Exception {
        byte[] targetedWire = wire(MetadataKeys.TID, "t1", MetadataKeys.TARGET, "sfn-1");
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        YomoRecord targeted =
                YomoRecord.fromValidatedWire(0x33, payload, targetedWire.clone(), "sfn-1");
        YomoRecord plain = YomoRecord.fromValidatedWire(0x33, payload, WIRE.clone(), null);

        assertThat(targeted).isEqualTo(fromWire(targetedWire));
        assertThat(plain).isEqualTo(fromWire(WIRE));
        assertThat(targeted.metadataValue(MetadataKeys.TARGET)).isEqualTo("sfn-1");
        assertThat(plain.metadataValue(MetadataKeys.TARGET)).isNull();
        assertThat(plain.undecodedMetadata()).containsExactly(WIRE);
        assertThat(plain.derive(0x34, new byte[] {2}, null).undecodedMetadata())
                .containsExactly(WIRE);
        assertThat(targeted.derive(0x34, new byte[] {2}, null).getMetadata())
                .containsExactly(Map.entry(MetadataKeys.TID, "t1"));
        assertThat(roundTrip(targeted).metadataValue(MetadataKeys.TARGET)).isEqualTo("sfn-1");
        assertThat(roundTrip(plain)).isEqualTo(plain);
    }

    @Test
    void javaSerializationKeepsTheValueOfBothForms() throws Exception {
        YomoRecord wire = fromWire(WIRE);
        assertThat(wire.metadataValue(MetadataKeys.TARGET)).isNull(); // remembered, not written
        YomoRecord mapped = new YomoRecord(0x33, new byte[] {1}, Map.of("k", "v"));
        for (YomoRecord r : new YomoRecord[] {wire, mapped}) {
            YomoRecord back = roundTrip(r);
            assertThat(back).isEqualTo(r);
            assertThat(back.metadataValue(MetadataKeys.TARGET)).isNull();
            assertThat(back.undecodedMetadata()).isEqualTo(r.undecodedMetadata());
        }
        YomoRecord targeted = fromWire(MetadataCodec.encode(Map.of(MetadataKeys.TARGET, "sfn-1")));
        assertThat(targeted.metadataValue(MetadataKeys.TARGET)).isEqualTo("sfn-1");
        assertThat(roundTrip(targeted).metadataValue(MetadataKeys.TARGET)).isEqualTo("sfn-1");
    }

    private static YomoRecord roundTrip(YomoRecord r) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (YomoRecord) in.readObject();
        }
    }

    @Test
    void tagMustBeUint32() {
        assertThat(YomoRecord.of(0xFFFF_FFFFL, new byte[0]).getTag()).isEqualTo(4294967295L);
        assertThatThrownBy(() -> YomoRecord.of(-1, new byte[0])).hasMessageContaining("uint32");
        assertThatThrownBy(() -> YomoRecord.of(1L << 32, new byte[0]))
                .hasMessageContaining("uint32");
    }
}
