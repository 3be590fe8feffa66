package dev.flinkyomo.bridge.job.sink.file;

import org.apache.flink.api.common.operators.ProcessingTimeService;
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
 * Appends one line per element straight to the subtask's file ({@link SubtaskFiles#target}),
 * flushed every {@value #FLUSH_INTERVAL_MS} ms, on every checkpoint and at the end. The bridge's
 * {@code type: file} sink when the job runs without checkpoints, where {@link LineFileSink}'s lines
 * would only appear when the job ends. It keeps no state and never rolls back: after a restore,
 * lines written since the restored checkpoint stay in the file, and a source that replays them has
 * them appended again (at-least-once); lines still in the buffer when the process dies are lost.
 */
public final class DirectLineFileSink implements Sink<String> {

    private static final long serialVersionUID = 1L;

    /** How long a line may wait in the buffer before it is in the file. */
    static final long FLUSH_INTERVAL_MS = 200;

    private final String path;

    public DirectLineFileSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        Path file = SubtaskFiles.target(path, context.getTaskInfo());
        return new Writer(
                Files.newBufferedWriter(
                        file,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE),
                context.getProcessingTimeService());
    }

    private static final class Writer implements SinkWriter<String> {
        private final BufferedWriter out;
        private final ProcessingTimeService time;
        private boolean closed;

        Writer(BufferedWriter out, ProcessingTimeService time) {
            this.out = out;
            this.time = time;
            scheduleFlush();
        }

        /**
         * Without checkpoints nothing else calls {@link #flush}: the timer keeps lines from sitting
         * in the buffer while the job runs. It fires in the task's mailbox thread, never
         * concurrently with {@link #write}.
         */
        private void scheduleFlush() {
            time.registerTimer(
                    time.getCurrentProcessingTime() + FLUSH_INTERVAL_MS,
                    now -> {
                        if (!closed) {
                            out.flush();
                            scheduleFlush();
                        }
                    });
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
            closed = true;
            out.close();
        }
    }
}
