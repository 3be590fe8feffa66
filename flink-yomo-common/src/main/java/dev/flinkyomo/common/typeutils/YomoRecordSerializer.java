package dev.flinkyomo.common.typeutils;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import dev.flinkyomo.common.YomoRecord;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serializes a {@link YomoRecord} field by field without reflection: tag (uint32 as int), payload
 * (length + bytes), metadata (count + key/value strings, in order), client name and id (nullable
 * strings), receive time. {@link #copy} is {@link YomoRecord#copy()}: the payload is cloned, the
 * immutable metadata shared. Metadata still in wire form is written as its decoded map, so the
 * format (and the snapshot) is the same for both forms.
 */
@Internal
public final class YomoRecordSerializer extends TypeSerializerSingleton<YomoRecord> {

    private static final long serialVersionUID = 1L;

    public static final YomoRecordSerializer INSTANCE = new YomoRecordSerializer();

    /** Refuses a corrupt or hostile length before allocating for it. */
    private static final int MAX_METADATA_ENTRIES = 1 << 16;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public YomoRecord createInstance() {
        return new YomoRecord();
    }

    @Override
    public YomoRecord copy(YomoRecord from) {
        return from.copy();
    }

    @Override
    public YomoRecord copy(YomoRecord from, YomoRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(YomoRecord record, DataOutputView out) throws IOException {
        out.writeInt((int) record.getTag());
        byte[] payload = record.getPayload();
        out.writeInt(payload.length);
        out.write(payload);
        Map<String, String> metadata = record.metadataView();
        out.writeInt(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            StringValue.writeString(e.getKey(), out);
            StringValue.writeString(e.getValue(), out);
        }
        StringValue.writeString(record.getClientName(), out);
        StringValue.writeString(record.getClientId(), out);
        out.writeLong(record.getReceivedAt());
    }

    @Override
    public YomoRecord deserialize(DataInputView in) throws IOException {
        long tag = Integer.toUnsignedLong(in.readInt());
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("corrupt YomoRecord: payload length " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        int entries = in.readInt();
        if (entries < 0 || entries > MAX_METADATA_ENTRIES) {
            throw new IOException("corrupt YomoRecord: " + entries + " metadata entries");
        }
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>(Math.max(4, entries * 2));
        for (int i = 0; i < entries; i++) {
            metadata.put(StringValue.readString(in), StringValue.readString(in));
        }
        YomoRecord record = YomoRecord.adopting(tag, payload, metadata);
        record.setClientName(StringValue.readString(in));
        record.setClientId(StringValue.readString(in));
        record.setReceivedAt(in.readLong());
        return record;
    }

    @Override
    public YomoRecord deserialize(YomoRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<YomoRecord> snapshotConfiguration() {
        return new YomoRecordSerializerSnapshot();
    }

    /** The serializer has no configuration: a snapshot only names it. */
    public static final class YomoRecordSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<YomoRecord> {
        public YomoRecordSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
