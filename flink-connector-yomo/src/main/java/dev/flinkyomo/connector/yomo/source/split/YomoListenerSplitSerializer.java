package dev.flinkyomo.connector.yomo.source.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: subtask index, port, frames emitted. */
public final class YomoListenerSplitSerializer implements SimpleVersionedSerializer<YomoListenerSplit> {

    public static final YomoListenerSplitSerializer INSTANCE = new YomoListenerSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(YomoListenerSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(split.subtaskIndex());
            out.writeInt(split.port());
            out.writeLong(split.framesEmitted());
        }
        return bytes.toByteArray();
    }

    @Override
    public YomoListenerSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown YomoListenerSplit serializer version " + version + " (this build reads " + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return new YomoListenerSplit(in.readInt(), in.readInt(), in.readLong());
        }
    }
}
