package dev.flinkyomo.e2e;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.ConnectedFunctionsSink;
import dev.flinkyomo.connector.yomo.source.YomoSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The job of the connected-function cluster test: a YoMo listener that accepts stream functions,
 * every record to the connected functions, and what the functions write back (tag 0x34) appended to
 * the file {@code echoes} as {@code <payload> pid=<TaskManager pid>}, so the test sees which
 * process served the function.
 */
public final class ConnectedFunctionJob {

    static final String SOURCE_NAME = "yomo-functions-listener";
    static final String LISTENER = "e2e-functions";

    private ConnectedFunctionJob() {}

    static Class<?>[] classes() {
        return new Class<?>[] {
            ConnectedFunctionJob.class, IsEcho.class, Payload.class, AppendLines.class
        };
    }

    static void define(StreamExecutionEnvironment env, int port, Path out) {
        DataStream<YomoRecord> records =
                env.fromSource(
                                YomoSource.listener()
                                        .setListenerName(LISTENER)
                                        .setHost("127.0.0.1")
                                        .setPort(port)
                                        .setAcceptStreamFunctions(true)
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                SOURCE_NAME)
                        .uid("yomo-listener");
        records.sinkTo(ConnectedFunctionsSink.of(LISTENER))
                .name("connected functions")
                .uid("connected-functions");
        records.filter(new IsEcho())
                .map(new Payload())
                .map(new AppendLines(out.resolve("echoes").toString()))
                .name("echoes")
                .sinkTo(new DiscardingSink<>());
    }

    /** Lines of the {@code echoes} file written so far. */
    static List<String> echoes(Path out) throws IOException {
        Path f = out.resolve("echoes");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** What the function wrote back. */
    public static final class IsEcho implements FilterFunction<YomoRecord> {
        @Override
        public boolean filter(YomoRecord r) {
            return r.getTag() == 0x34;
        }
    }

    public static final class Payload implements MapFunction<YomoRecord, String> {
        @Override
        public String map(YomoRecord r) {
            return new String(r.getPayload(), StandardCharsets.UTF_8);
        }
    }

    /** Appends each line with the TaskManager's pid, flushed at once. */
    public static final class AppendLines extends RichMapFunction<String, String> {
        private final String file;
        private transient long pid;

        public AppendLines(String file) {
            this.file = file;
        }

        @Override
        public void open(OpenContext context) {
            pid = ProcessHandle.current().pid();
        }

        @Override
        public String map(String line) throws IOException {
            Files.writeString(
                    Path.of(file),
                    line + " pid=" + pid + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return line;
        }
    }
}
