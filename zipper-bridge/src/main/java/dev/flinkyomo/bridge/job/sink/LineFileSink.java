package dev.flinkyomo.bridge.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per element to a local file: {@code path} for a single subtask, {@code
 * path.<subtask>} when there are several. Lines are flushed on every checkpoint and at the end, so
 * a reader sees whole lines. It is the {@code flink.sinks: - type: file} of the bridge: a debugging
 * and demo aid, not a replacement for Flink's FileSink. It keeps no state and never rolls back:
 * after a restore from a checkpoint, lines written since that checkpoint stay, and a source that
 * replays (none does today; YoMo's is at-most-once) would have them appended again.
 */
public final class LineFileSink implements Sink<String> {

    private static final long serialVersionUID = 1L;

    private final String path;

    public LineFileSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path file = Path.of(parallelism == 1 ? path : path + "." + subtask);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new Writer(
                Files.newBufferedWriter(
                        file,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE));
    }

    private static final class Writer implements SinkWriter<String> {
        private final BufferedWriter out;

        Writer(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void write(String line, Context context) throws IOException {
            out.write(line);
            out.newLine();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
