package dev.flinkyomo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's job jar run by Flink's own tools, no zipper-bridge CLI: {@code flink run} against
 * the standalone session cluster, and application mode ({@code
 * StandaloneApplicationClusterEntryPoint --job-classname}, the jar in {@code usrlib/}, what Flink's
 * Docker image and the Kubernetes operator run) with the workflow bundled into the jar. Either way
 * the noise workflow's results are checked exactly, and Flink options from the file ({@code
 * flink.config}) and from {@code flink run -D} are read back from REST.
 */
class FlinkRunJobJarITCase {

    private static final Pattern SUBMITTED =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final String JOB_MAIN = "dev.flinkyomo.bridge.cli.BridgeJobMain";

    private final ObjectMapper json = new ObjectMapper();

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void flinkRunSubmitsTheJobJarWithAWorkflowPath() throws Exception {
        NoiseWorkflow noise = new NoiseWorkflow(dir);
        Path workflow = noise.write("  config: {execution.checkpointing.timeout: 77s}");
        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(
                        StandaloneFlinkCluster.workDir("flink-run"), 2, Duration.ofSeconds(60))) {
            ZipperBridgeCli.Result run =
                    ZipperBridgeCli.flink(
                            dir,
                            Duration.ofSeconds(90),
                            cluster.confDir(),
                            "run",
                            "-d",
                            "-m",
                            cluster.restAddress(),
                            "-D",
                            "pipeline.object-reuse=true",
                            E2eArtifacts.zipperBridgeJobJar().toString(),
                            "--workflow",
                            workflow.toString());
            assertThat(run.exitCode()).as(run.output()).isZero();
            Matcher id = SUBMITTED.matcher(run.output());
            assertThat(id.find()).as(run.output()).isTrue();
            String jobId = id.group(1);
            cluster.awaitJobState(jobId, Duration.ofSeconds(30), "RUNNING");
            assertOptions(cluster, jobId);
            assertThat(cluster.getOrNull("/jobs/" + jobId)).contains("Stage 1: noise (wasm)");

            noise.pushAndAwait(cluster);
            cluster.cancel(jobId);
            assertThat(cluster.awaitJobState(jobId, Duration.ofSeconds(30), "CANCELED", "FAILED"))
                    .as(cluster.logTails())
                    .isEqualTo("CANCELED");
        }
        noise.verify();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void applicationModeRunsTheWorkflowBundledInTheJar() throws Exception {
        NoiseWorkflow noise = new NoiseWorkflow(dir);
        Path workflow = noise.write("  config: {execution.checkpointing.timeout: 77s}");
        // a user's image: the job jar with workflow.yaml and functions/noise.wasm added
        Path jar =
                bundle(
                        E2eArtifacts.zipperBridgeJobJar(),
                        dir.resolve("my-zipper-job.jar"),
                        workflow,
                        dir.resolve("functions/noise.wasm"));
        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.startApplication(
                        StandaloneFlinkCluster.workDir("application"),
                        2,
                        jar,
                        JOB_MAIN,
                        List.of("-Dpipeline.object-reuse=true"),
                        Duration.ofSeconds(60))) {
            String jobId = awaitSomeJob(cluster, Duration.ofSeconds(60));
            cluster.awaitJobState(jobId, Duration.ofSeconds(30), "RUNNING");
            assertThat(cluster.getOrNull("/jobs/" + jobId)).contains("Stage 1: noise (wasm)");
            assertThat(
                            json.readTree(
                                            cluster.getOrNull(
                                                    "/jobs/" + jobId + "/checkpoints/config"))
                                    .path("timeout")
                                    .asLong())
                    .isEqualTo(77_000);

            noise.pushAndAwait(cluster);
            cluster.cancel(jobId);
            // the application ends with its job, and the JobManager with the application
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Path log = cluster.logDir().resolve("jobmanager.log");
            while (!Files.readString(log).contains("switched from state CANCELLING to CANCELED")) {
                assertThat(System.nanoTime()).as(cluster.logTails()).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        noise.verify();
    }

    /** flink.config of the file (checkpoint timeout) and flink run's -D (object reuse). */
    private void assertOptions(StandaloneFlinkCluster cluster, String jobId) throws Exception {
        JsonNode checkpoints =
                json.readTree(cluster.getOrNull("/jobs/" + jobId + "/checkpoints/config"));
        assertThat(checkpoints.path("timeout").asLong())
                .as(checkpoints.toString())
                .isEqualTo(77_000);
        JsonNode config = json.readTree(cluster.getOrNull("/jobs/" + jobId + "/config"));
        assertThat(config.at("/execution-config/object-reuse-mode").asBoolean())
                .as(config.toString())
                .isTrue();
    }

    /** The application cluster runs main() itself: the job appears in /jobs/overview. */
    private String awaitSomeJob(StandaloneFlinkCluster cluster, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String overview = cluster.getOrNull("/jobs/overview");
            if (overview != null) {
                for (JsonNode job : json.readTree(overview).path("jobs")) {
                    return job.path("jid").asText();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no job after " + timeout + "\n" + cluster.logTails());
    }

    /** A copy of {@code jar} with {@code workflow.yaml} and {@code functions/noise.wasm} added. */
    private static Path bundle(Path jar, Path target, Path workflow, Path wasm) throws IOException {
        try (JarFile in = new JarFile(jar.toFile());
                OutputStream file = Files.newOutputStream(target);
                JarOutputStream out = new JarOutputStream(file)) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("workflow.yaml"));
            Files.copy(workflow, out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("functions/noise.wasm"));
            Files.copy(wasm, out);
            out.closeEntry();
        }
        return target;
    }
}
