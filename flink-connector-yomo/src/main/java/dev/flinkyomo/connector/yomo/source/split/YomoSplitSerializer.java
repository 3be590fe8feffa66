package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Version 3: a mode byte (1 listen, 2 connect), the subtask index, the port (listen only), the
 * frames emitted and, listen only, the acknowledging producers' positions (a count, then per
 * producer its id in modified UTF-8, its sequence and when it was last seen). Version 2 is the same
 * without the positions; version 1 (listen-mode state written before connect mode existed) is
 * subtask index, port, frames emitted. Both are still read.
 */
@Internal
public final class YomoSplitSerializer implements SimpleVersionedSerializer<YomoSplit> {

    public static final YomoSplitSerializer INSTANCE = new YomoSplitSerializer();
    private static final int VERSION = 3;
    private static final int V2_NO_PRODUCERS = 2;
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
                out.writeLong(l.framesEmitted());
                out.writeInt(l.producers().size());
                for (Map.Entry<String, ProducerPosition> p : l.producers().entrySet()) {
                    out.writeUTF(p.getKey());
                    out.writeLong(p.getValue().sequence());
                    out.writeLong(p.getValue().lastSeenMillis());
                }
            } else {
                out.writeByte(CONNECT);
                out.writeInt(split.subtaskIndex());
                out.writeLong(split.framesEmitted());
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public YomoSplit deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            if (version == V1_LISTEN_ONLY) {
                return new YomoListenerSplit(in.readInt(), in.readInt(), in.readLong());
            }
            if (version != VERSION && version != V2_NO_PRODUCERS) {
                throw new IOException(
                        "unknown YomoSplit serializer version "
                                + version
                                + " (this build reads 1 to "
                                + VERSION
                                + ")");
            }
            byte mode = in.readByte();
            return switch (mode) {
                case LISTEN -> listenSplit(in, version);
                case CONNECT -> new YomoConnectSplit(in.readInt(), in.readLong());
                default -> throw new IOException("corrupt YomoSplit: unknown mode byte " + mode);
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt YomoSplit: " + e.getMessage(), e);
        }
    }

    private static YomoListenerSplit listenSplit(DataInputStream in, int version)
            throws IOException {
        int subtask = in.readInt();
        int port = in.readInt();
        long frames = in.readLong();
        if (version == V2_NO_PRODUCERS) {
            return new YomoListenerSplit(subtask, port, frames);
        }
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt YomoSplit: " + n + " producers");
        }
        Map<String, ProducerPosition> producers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            producers.put(in.readUTF(), new ProducerPosition(in.readLong(), in.readLong()));
        }
        return new YomoListenerSplit(subtask, port, frames, producers);
    }
}
