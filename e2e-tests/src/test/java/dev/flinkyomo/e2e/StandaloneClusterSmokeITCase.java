package dev.flinkyomo.e2e;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the harness: a job whose user code travels in a jar runs on separate JobManager and
 * TaskManager processes and leaves its side effect on disk.
 */
class StandaloneClusterSmokeITCase {

    @TempDir Path tmp;

    @Test
    void jobSubmittedThroughRestRunsOnTheTaskManagerProcess() throws Exception {
        Path jar = jarOf(tmp.resolve("job.jar"), WriteMarker.class);
        Path markers = Files.createDirectories(tmp.resolve("markers"));
        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(
                        StandaloneFlinkCluster.workDir("smoke"), 2, Duration.ofSeconds(90))) {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createRemoteEnvironment(
                            "localhost", cluster.restPort(), jar.toString());
            env.setParallelism(2);
            env.fromSequence(1, 10).map(new WriteMarker(markers.toString())).print();
            JobExecutionResult result = env.execute("e2e-smoke");
            assertThat(
                            cluster.awaitJobState(
                                    result.getJobID().toHexString(),
                                    Duration.ofSeconds(30),
                                    "FINISHED"))
                    .isEqualTo("FINISHED");
        }
        try (var files = Files.list(markers)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("1", "10", "2", "3", "4", "5", "6", "7", "8", "9");
        }
        // the marker was written by the TaskManager JVM, not by this one
        assertThat(Files.readString(markers.resolve("1")))
                .isNotEqualTo(String.valueOf(ProcessHandle.current().pid()));
    }

    /** User code that only exists in the submitted jar's view of the cluster. */
    public static final class WriteMarker implements MapFunction<Long, Long> {
        private final String dir;

        public WriteMarker(String dir) {
            this.dir = dir;
        }

        @Override
        public Long map(Long value) throws IOException {
            Files.writeString(
                    Path.of(dir, String.valueOf(value)),
                    String.valueOf(ProcessHandle.current().pid()));
            return value;
        }
    }

    static Path jarOf(Path jar, Class<?>... classes) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (var in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
