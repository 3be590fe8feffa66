package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The committable of {@link LineFileSink}: the closed pending file of one checkpoint, to be
 * appended to {@code target}, which is {@code start} bytes long until it is. {@code start} and
 * {@code length} are what make the commit idempotent: the target's length tells whether this append
 * has happened ({@code start + length}) or not ({@code start}).
 */
record PendingAppend(String target, String pending, long start, long length) {

    Path targetPath() {
        return Path.of(target);
    }

    Path pendingPath() {
        return Path.of(pending);
    }

    long end() {
        return start + length;
    }

    static final class Serializer implements SimpleVersionedSerializer<PendingAppend> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(PendingAppend append) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(128);
            out.writeUTF(append.target());
            out.writeUTF(append.pending());
            out.writeLong(append.start());
            out.writeLong(append.length());
            return out.getCopyOfBuffer();
        }

        @Override
        public PendingAppend deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown version " + version + " of a file sink committable");
            }
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            return new PendingAppend(in.readUTF(), in.readUTF(), in.readLong(), in.readLong());
        }
    }
}
