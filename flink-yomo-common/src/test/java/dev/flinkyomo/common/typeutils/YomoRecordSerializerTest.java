package dev.flinkyomo.common.typeutils;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.protocol.MetadataCodec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flink's own serializer contract tests (copy, round trips, snapshots, duplication, concurrency).
 */
class YomoRecordSerializerTest extends SerializerTestBase<YomoRecord> {

    @Override
    protected TypeSerializer<YomoRecord> createSerializer() {
        return YomoRecordSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<YomoRecord> getTypeClass() {
        return YomoRecord.class;
    }

    @Override
    protected YomoRecord[] getTestData() {
        YomoRecord full =
                new YomoRecord(
                        0x33,
                        "{\"noise\":42}".getBytes(StandardCharsets.UTF_8),
                        Map.of(MetadataKeys.TID, "tid-1", MetadataKeys.SOURCE_ID, "src"));
        full.setClientName("noise-source");
        full.setClientId("id-1");
        full.setReceivedAt(1_700_000_000_123L);

        LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
        ordered.put("zeta", "ü∂ unicode ✓");
        ordered.put("alpha", "");
        YomoRecord maxTag = new YomoRecord(Tag.MAX, new byte[0], ordered);

        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        YomoRecord large = new YomoRecord(0x40, big, Map.of());
        large.setClientName("cam");

        // as the YoMo source makes them: metadata still in wire form, written as its map
        YomoRecord wire =
                YomoRecord.fromWire(
                        0x33,
                        new byte[] {7},
                        MetadataCodec.encode(Map.of(MetadataKeys.TID, "tid-2", "k", "v")));
        wire.setReceivedAt(1_700_000_000_456L);

        return new YomoRecord[] {
            new YomoRecord(), full, maxTag, large, YomoRecord.of(0, new byte[] {0, -1, 127}), wire
        };
    }
}
