package dev.flinkyomo.common;

import dev.flinkyomo.yomo.MetadataKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YomoRecordTest {

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
        // the derived record owns its own metadata map
        out.getMetadata().put("x", "y");
        assertThat(in.getMetadata()).doesNotContainKey("x");
    }

    @Test
    void aTargetedWriteSetsTheTargetAndAPlainWriteClearsIt() {
        YomoRecord in =
                new YomoRecord(
                        0x33,
                        new byte[] {1},
                        Map.of(MetadataKeys.TID, "t1", MetadataKeys.TARGET, "sfn-a"));

        YomoRecord plain = in.derive(0x34, new byte[] {2}, null);
        assertThat(plain.getMetadata()).containsExactly(Map.entry(MetadataKeys.TID, "t1"));

        YomoRecord retargeted = in.derive(0x34, new byte[] {3}, "sfn-b");
        assertThat(retargeted.getMetadata())
                .containsEntry(MetadataKeys.TID, "t1")
                .containsEntry(MetadataKeys.TARGET, "sfn-b");

        YomoRecord same = in.derive(0x34, new byte[] {4}, "sfn-a");
        assertThat(same.getMetadata()).containsEntry(MetadataKeys.TARGET, "sfn-a");
        // the input keeps its own metadata whatever its derived records did
        assertThat(in.getMetadata()).containsEntry(MetadataKeys.TARGET, "sfn-a").hasSize(2);
    }

    @Test
    void derivedAndAdoptedRecordsAlwaysHaveMetadata() {
        assertThat(new YomoRecord().getMetadata()).isEmpty();
        assertThat(YomoRecord.adopting(1, new byte[0], null).getMetadata()).isEmpty();
        assertThat(YomoRecord.of(1, new byte[0]).derive(2, new byte[0]).getMetadata()).isEmpty();
    }

    @Test
    void adoptingTakesTheMapInsteadOfCopyingIt() {
        LinkedHashMap<String, String> decoded = new LinkedHashMap<>(Map.of(MetadataKeys.TID, "t1"));
        YomoRecord r = YomoRecord.adopting(0x33, new byte[] {1}, decoded);
        assertThat(r.getMetadata()).isSameAs(decoded);
        assertThat(YomoRecord.adopting(0x33, null, null).getMetadata()).isEmpty();
        assertThatThrownBy(() -> YomoRecord.adopting(-1, new byte[0], decoded))
                .hasMessageContaining("uint32");
    }

    @Test
    void copiesShareTheMetadataMapUntilEitherSideChangesIt() {
        YomoRecord original = new YomoRecord(0x33, new byte[] {1}, Map.of(MetadataKeys.TID, "t1"));
        YomoRecord copy = original.copy();
        YomoRecord derived = original.derive(0x34, new byte[] {2});

        original.getMetadata().put("changed", "original");
        assertThat(copy.metadataView()).containsExactly(Map.entry(MetadataKeys.TID, "t1"));
        assertThat(derived.metadataView()).containsExactly(Map.entry(MetadataKeys.TID, "t1"));

        copy.getMetadata().remove(MetadataKeys.TID);
        assertThat(derived.tid()).isEqualTo("t1");
        assertThat(original.tid()).isEqualTo("t1");
        assertThat(copy.tid()).isNull();
        assertThat(copy.getPayload()).isNotSameAs(original.getPayload()).containsExactly(1);
        assertThatThrownBy(() -> derived.metadataView().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void lazyMetadataFromEncodedBytesIsDecodedByEachCopyFromTheSameBytes() {
        byte[] encoded = "tid=t7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<byte[]> decoded = new java.util.ArrayList<>();
        MetadataDecoder decoder =
                b -> {
                    decoded.add(b);
                    String[] kv = new String(b, java.nio.charset.StandardCharsets.UTF_8).split("=");
                    return new LinkedHashMap<>(Map.of(kv[0], kv[1]));
                };
        YomoRecord r = YomoRecord.withLazyMetadata(0x33, new byte[] {1}, encoded, decoder);
        YomoRecord copy = r.copy();
        assertThat(decoded).isEmpty();
        assertThat(copy.metadataView()).containsExactly(Map.entry("tid", "t7"));
        assertThat(r.getMetadata()).containsExactly(Map.entry("tid", "t7"));
        assertThat(decoded).hasSize(2).allSatisfy(b -> assertThat(b).isSameAs(encoded));
        r.getMetadata().put("x", "y");
        assertThat(copy.metadataView()).doesNotContainKey("x");
    }

    /** "k=v;k2=v2" metadata, counting whole decodes and single lookups. */
    private static final class CountingSearchable implements MetadataDecoder.Searchable {
        final java.util.concurrent.atomic.AtomicInteger decodes =
                new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger finds =
                new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public LinkedHashMap<String, String> decode(byte[] encoded) {
            decodes.incrementAndGet();
            return parse(encoded);
        }

        @Override
        public String find(byte[] encoded, String key) {
            finds.incrementAndGet();
            return parse(encoded).get(key);
        }

        private static LinkedHashMap<String, String> parse(byte[] encoded) {
            LinkedHashMap<String, String> m = new LinkedHashMap<>();
            for (String kv :
                    new String(encoded, java.nio.charset.StandardCharsets.UTF_8).split(";")) {
                m.put(kv.split("=")[0], kv.split("=")[1]);
            }
            return m;
        }
    }

    @Test
    void singleValuesOfSearchableLazyMetadataAreReadWithoutDecodingTheMap() {
        CountingSearchable decoder = new CountingSearchable();
        byte[] encoded =
                (MetadataKeys.TID + "=t1;k=v").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        YomoRecord r = YomoRecord.withLazyMetadata(0x33, new byte[] {1}, encoded, decoder);
        assertThat(r.tid()).isEqualTo("t1");
        assertThat(r.metadataValue(MetadataKeys.TARGET)).isNull();
        assertThat(decoder.finds).hasValue(2);
        assertThat(r.metadataValue(MetadataKeys.TARGET)).isNull();
        assertThat(decoder.finds).as("the last lookup is remembered").hasValue(2);
        // a plain write (no target) on an input without one leaves the output undecoded too, and
        // its own target check reuses the input's lookup
        YomoRecord out = r.derive(0x34, new byte[] {2}, null);
        assertThat(decoder.finds).hasValue(2);
        assertThat(out.metadataValue("k")).isEqualTo("v");
        assertThat(out.tid()).isEqualTo("t1");
        assertThat(decoder.finds).hasValue(4);
        assertThat(decoder.decodes).hasValue(0);
        // a targeted write changes the map, so that output decodes its own
        YomoRecord targeted = r.derive(0x35, new byte[] {3}, "sfn-2");
        assertThat(targeted.metadataView())
                .containsExactly(
                        Map.entry(MetadataKeys.TID, "t1"),
                        Map.entry("k", "v"),
                        Map.entry(MetadataKeys.TARGET, "sfn-2"));
        assertThat(decoder.decodes).hasValue(1);
        assertThat(r.metadataView())
                .containsExactly(Map.entry(MetadataKeys.TID, "t1"), Map.entry("k", "v"));
        assertThat(r.metadataValue("k")).isEqualTo("v"); // decoded now: no more lookups
        assertThat(decoder.finds).hasValue(4);
    }

    @Test
    void undecodedMetadataIsTheWireBytesUntilSomethingDecodesThem() {
        CountingSearchable decoder = new CountingSearchable();
        byte[] encoded =
                (MetadataKeys.TID + "=t1;k=v").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        YomoRecord r = YomoRecord.withLazyMetadata(0x33, new byte[] {1}, encoded, decoder);
        YomoRecord copy = r.copy();
        YomoRecord plainWrite = r.derive(0x34, new byte[] {2}, null);
        YomoRecord targeted = r.derive(0x35, new byte[] {3}, "sfn-2");
        assertThat(r.tid()).isEqualTo("t1"); // a single lookup decodes nothing
        assertThat(r.undecodedMetadata()).isSameAs(encoded);
        assertThat(copy.undecodedMetadata()).isSameAs(encoded);
        assertThat(plainWrite.undecodedMetadata()).isSameAs(encoded);
        assertThat(targeted.undecodedMetadata()).as("the target changed it").isNull();
        r.getMetadata().put("k", "changed");
        assertThat(r.undecodedMetadata()).isNull();
        assertThat(copy.undecodedMetadata()).isSameAs(encoded);
        assertThat(new YomoRecord(0x33, new byte[0], Map.of("k", "v")).undecodedMetadata())
                .isNull();
    }

    @Test
    void lazyMetadataIsDecodedOnlyWhenRead() throws Exception {
        java.util.concurrent.atomic.AtomicInteger decodes =
                new java.util.concurrent.atomic.AtomicInteger();
        YomoRecord r =
                YomoRecord.withLazyMetadata(
                        0x33,
                        new byte[] {1},
                        new byte[0],
                        encoded -> {
                            decodes.incrementAndGet();
                            return new LinkedHashMap<>(Map.of(MetadataKeys.TID, "t1"));
                        });
        YomoRecord copy = r.copy();
        YomoRecord derived = r.derive(0x34, new byte[] {2});
        assertThat(decodes).hasValue(0);

        assertThat(r.tid()).isEqualTo("t1");
        assertThat(decodes).hasValue(1);
        r.getMetadata().put("x", "y"); // the decoded map is the record's own
        assertThat(copy.metadataView()).containsExactly(Map.entry(MetadataKeys.TID, "t1"));
        assertThat(derived.getMetadata()).doesNotContainKey("x");
        assertThat(decodes).hasValue(3);

        YomoRecord pending =
                YomoRecord.withLazyMetadata(
                        0x33,
                        new byte[] {1},
                        new byte[0],
                        encoded -> new LinkedHashMap<>(Map.of("k", "v")));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(pending);
        }
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            YomoRecord back = (YomoRecord) in.readObject();
            assertThat(back).isEqualTo(pending);
            assertThat(back.getMetadata()).containsExactly(Map.entry("k", "v"));
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
