package dev.flinkyomo.common.typeutils;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import dev.flinkyomo.common.YomoRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YomoRecordTypeInfoTest {

    @Test
    void flinkExtractsTheDedicatedTypeInfoWhichIsStillAPojo() {
        TypeInformation<YomoRecord> info = TypeInformation.of(YomoRecord.class);

        assertThat(info).isSameAs(YomoRecordTypeInfo.INSTANCE).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<YomoRecord> pojo = (PojoTypeInfo<YomoRecord>) info;
        assertThat(pojo.getFieldNames())
                .containsExactlyInAnyOrder(
                        "tag", "payload", "metadata", "clientName", "clientId", "receivedAt");
        assertThat(pojo.getTypeAt("tag")).isEqualTo(BasicTypeInfo.LONG_TYPE_INFO);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isSameAs(YomoRecordSerializer.INSTANCE);
    }

    @Test
    void aPojoHoldingARecordUsesTheDedicatedSerializerForIt() {
        PojoTypeInfo<?> holder = (PojoTypeInfo<?>) TypeInformation.of(Holder.class);

        assertThat(holder.getTypeAt("record")).isSameAs(YomoRecordTypeInfo.INSTANCE);
    }

    @Test
    void copiesAreDeep() {
        YomoRecord original = new YomoRecord(0x33, new byte[] {1, 2, 3}, Map.of("k", "v"));
        YomoRecord copy = YomoRecordSerializer.INSTANCE.copy(original);

        copy.getPayload()[0] = 9;
        copy.putMetadata("k", "changed");

        assertThat(original.getPayload()).containsExactly(1, 2, 3);
        assertThat(original.getMetadata()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void aCorruptLengthIsAnIOExceptionNotAnAllocation() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(0x33);
        out.writeInt(-5);

        assertThatThrownBy(
                        () ->
                                YomoRecordSerializer.INSTANCE.deserialize(
                                        new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("payload length -5");

        DataOutputSerializer entries = new DataOutputSerializer(16);
        entries.writeInt(0x33);
        entries.writeInt(0);
        entries.writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(
                        () ->
                                YomoRecordSerializer.INSTANCE.deserialize(
                                        new DataInputDeserializer(entries.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(Integer.MAX_VALUE + " metadata entries");
    }

    /** A user POJO with a record field, like the bridge's bus records. */
    public static class Holder {
        public String name;
        public YomoRecord record;
    }
}
