package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/**
 * The state of one {@link LineFileSink} writer at a checkpoint: the length {@code target} has once
 * every append prepared so far is committed (the {@code start} of the next one), and the sequence
 * number its next pending file gets. Pending files numbered from {@code nextSequence} on were
 * written after this checkpoint; a restore deletes them, since their lines are replayed.
 */
record AppendPosition(String target, long committedLength, long nextSequence) {

    static final class Serializer implements SimpleVersionedSerializer<AppendPosition> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(AppendPosition position) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            out.writeUTF(position.target());
            out.writeLong(position.committedLength());
            out.writeLong(position.nextSequence());
            return out.getCopyOfBuffer();
        }

        @Override
        public AppendPosition deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown version " + version + " of a file sink state");
            }
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            return new AppendPosition(in.readUTF(), in.readLong(), in.readLong());
        }
    }
}
