package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Version 2: a mode byte (1 listen, 2 connect), the subtask index, the port (listen only) and the
 * frames emitted. Version 1 (listen-mode state written before connect mode existed) is subtask
 * index, port, frames emitted and is still read.
 */
@Internal
public final class YomoSplitSerializer implements SimpleVersionedSerializer<YomoSplit> {

    public static final YomoSplitSerializer INSTANCE = new YomoSplitSerializer();
    private static final int VERSION = 2;
    private static final int V1_LISTEN_ONLY = 1;
    private static final byte LISTEN = 1;
    private static final byte CONNECT = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(YomoSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(17);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (split instanceof YomoListenerSplit l) {
                out.writeByte(LISTEN);
                out.writeInt(l.subtaskIndex());
                out.writeInt(l.port());
            } else {
                out.writeByte(CONNECT);
                out.writeInt(split.subtaskIndex());
            }
            out.writeLong(split.framesEmitted());
        }
        return bytes.toByteArray();
    }

    @Override
    public YomoSplit deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            if (version == V1_LISTEN_ONLY) {
                return new YomoListenerSplit(in.readInt(), in.readInt(), in.readLong());
            }
            if (version != VERSION) {
                throw new IOException(
                        "unknown YomoSplit serializer version "
                                + version
                                + " (this build reads 1 and "
                                + VERSION
                                + ")");
            }
            byte mode = in.readByte();
            return switch (mode) {
                case LISTEN -> new YomoListenerSplit(in.readInt(), in.readInt(), in.readLong());
                case CONNECT -> new YomoConnectSplit(in.readInt(), in.readLong());
                default -> throw new IOException("corrupt YomoSplit: unknown mode byte " + mode);
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt YomoSplit: " + e.getMessage(), e);
        }
    }
}
