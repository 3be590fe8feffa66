package dev.flinkyomo.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's cluster run: the noise workflow is submitted with {@code zipper-bridge run
 * --jobmanager} (its own JVM, the shaded job jar) to a standalone cluster whose class path is Flink
 * only; the YoMo listener, the Rust Wasm noise function and the file sinks then run in the
 * TaskManager process, fed over QUIC by the noise simulator in this JVM.
 */
class BridgeOnStandaloneClusterITCase {

    private static final Pattern SUBMITTED = Pattern.compile("submitted job ([0-9a-f]{32}) ");

    @TempDir Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void noiseWorkflowSubmittedWithJobmanagerRunsOnTheClusterAndWritesEveryResult()
            throws Exception {
        NoiseWorkflow noise = new NoiseWorkflow(dir);
        int port = noise.port();
        Path workflow = noise.write();
        String jobDetails;

        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(
                        StandaloneFlinkCluster.workDir("bridge"), 2, Duration.ofSeconds(60))) {
            ZipperBridgeCli.Result submit =
                    ZipperBridgeCli.run(
                            dir,
                            Duration.ofSeconds(60),
                            "run",
                            "--jobmanager",
                            cluster.restAddress(),
                            workflow.toString());
            assertThat(submit.exitCode()).as(submit.output()).isZero();
            Matcher id = SUBMITTED.matcher(submit.output());
            assertThat(id.find()).as(submit.output()).isTrue();
            String jobId = id.group(1);
            assertThat(submit.output())
                    .contains(
                            "web UI: http://" + cluster.restAddress() + "/#/job/running/" + jobId);

            // The CLI's JVM has exited: from here on the job lives only in the cluster's processes.
            cluster.awaitJobState(jobId, Duration.ofSeconds(30), "RUNNING");
            jobDetails = cluster.getOrNull("/jobs/" + jobId);

            noise.pushAndAwait(cluster);

            // Flink's TaskExecutor logged the bridge's tasks in the TaskManager process.
            assertThat(Files.readString(cluster.logDir().resolve("taskmanager.log")))
                    .contains("Received task Source: YoMo listener 127.0.0.1:" + port)
                    .contains("Stage 1: noise (wasm)");

            cluster.cancel(jobId);
            assertThat(cluster.awaitJobState(jobId, Duration.ofSeconds(30), "CANCELED", "FAILED"))
                    .as(cluster.logTails())
                    .isEqualTo("CANCELED");
        }

        assertThat(jobDetails)
                .contains("YoMo listener 127.0.0.1:" + port)
                .contains("Stage 1: noise (wasm)");
        noise.verify();
    }
}
