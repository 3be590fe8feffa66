package dev.flinkyomo.connector.yomo.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Version 1: count, then the assigned subtask indexes. */
@Internal
public final class YomoEnumeratorStateSerializer
        implements SimpleVersionedSerializer<YomoEnumeratorState> {

    public static final YomoEnumeratorStateSerializer INSTANCE =
            new YomoEnumeratorStateSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(YomoEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.assignedSubtasks().size());
            for (int s : state.assignedSubtasks()) {
                out.writeInt(s);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public YomoEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown YomoEnumeratorState serializer version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int n = in.readInt();
            if (n < 0 || n > serialized.length / 4) {
                throw new IOException(
                        "corrupt YomoEnumeratorState: "
                                + n
                                + " subtasks in "
                                + serialized.length
                                + " bytes");
            }
            Set<Integer> subtasks = new HashSet<>();
            for (int i = 0; i < n; i++) {
                subtasks.add(in.readInt());
            }
            return new YomoEnumeratorState(subtasks);
        }
    }
}
