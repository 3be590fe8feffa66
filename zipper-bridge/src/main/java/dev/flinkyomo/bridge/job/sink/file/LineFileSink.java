package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The bridge's {@code type: file} sink with checkpointing: one line per element, appended to a
 * plain text file ({@code path} for one subtask, {@code path.<subtask>} for several), exactly once
 * across failures and restarts. Lines go to a hidden pending file first and are appended to the
 * file, in one piece, when their checkpoint completes (and at the end of a bounded input), by
 * {@link PendingAppendCommitter}, which Flink repeats after a restore and which therefore does
 * nothing twice. A debugging and demo aid, not a replacement for Flink's FileSink: one local file
 * per subtask, no rolling.
 */
public final class LineFileSink
        implements Sink<String>,
                SupportsCommitter<PendingAppend>,
                SupportsWriterState<String, AppendPosition> {

    private static final long serialVersionUID = 1L;

    private final String path;

    public LineFileSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public StatefulSinkWriter<String, AppendPosition> createWriter(WriterInitContext context)
            throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<String, AppendPosition> restoreWriter(
            WriterInitContext context, Collection<AppendPosition> restored) throws IOException {
        return PendingFileWriter.open(
                SubtaskFiles.target(path, context.getTaskInfo()),
                restored,
                context.getRestoredCheckpointId().isPresent());
    }

    @Override
    public SimpleVersionedSerializer<AppendPosition> getWriterStateSerializer() {
        return new AppendPosition.Serializer();
    }

    @Override
    public Committer<PendingAppend> createCommitter(CommitterInitContext context) {
        return new PendingAppendCommitter();
    }

    @Override
    public SimpleVersionedSerializer<PendingAppend> getCommittableSerializer() {
        return new PendingAppend.Serializer();
    }
}
