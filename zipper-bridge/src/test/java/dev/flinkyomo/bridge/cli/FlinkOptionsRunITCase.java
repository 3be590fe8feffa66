package dev.flinkyomo.bridge.cli;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flink.config} and {@code -D} reach the embedded cluster and the job, read back from
 * Flink's REST API while the job runs; {@code -D} wins over the file.
 */
class FlinkOptionsRunITCase {

    @TempDir Path dir;

    @Test
    void fileOptionsAndCommandLineOptionsTakeEffect() throws Exception {
        Path config =
                Files.writeString(
                        dir.resolve("w.yaml"),
                        "name: opts\nhost: 127.0.0.1\nport: "
                                + BridgeRuns.freeUdpPort()
                                + "\nfunctions:\n  - name: test-upper\n"
                                + "flink:\n  checkpoint-interval: 1s\n  config:\n"
                                + "    pipeline.object-reuse: true\n"
                                + "    execution.checkpointing:\n"
                                + "      timeout: 60s\n"
                                + "      max-concurrent-checkpoints: 3\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZipperBridge.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> code =
                CompletableFuture.supplyAsync(
                        () ->
                                cl.execute(
                                        "run",
                                        "--duration",
                                        "5s",
                                        "--rest-port",
                                        "0",
                                        "-D",
                                        "execution.checkpointing.timeout=77s",
                                        "-Dpipeline.auto-watermark-interval=333ms",
                                        config.toString()));
        BridgeRuns.RunningJob running = BridgeRuns.awaitRunning(out, err, code);
        String jobId = running.jobId();
        String rest = running.rest();
        JsonNode jobConfig = get(rest + "/jobs/" + jobId + "/config");
        JsonNode checkpointConfig = get(rest + "/jobs/" + jobId + "/checkpoints/config");
        JsonNode cluster = get(rest + "/jobmanager/config");
        assertThat(code.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isZero();

        // the file's options, in the job
        assertThat(jobConfig.at("/execution-config/object-reuse-mode").asBoolean())
                .as(jobConfig.toString())
                .isTrue();
        assertThat(checkpointConfig.at("/max_concurrent").asInt())
                .as(checkpointConfig.toString())
                .isEqualTo(3);
        // -D wins over the file
        assertThat(checkpointConfig.at("/timeout").asLong())
                .as(checkpointConfig.toString())
                .isEqualTo(77_000);
        // and the embedded cluster got them too
        assertThat(cluster.toString())
                .contains("{\"key\":\"execution.checkpointing.timeout\",\"value\":\"77s\"}")
                .contains("{\"key\":\"pipeline.auto-watermark-interval\",\"value\":\"333ms\"}")
                .contains("{\"key\":\"pipeline.object-reuse\",\"value\":\"true\"}");
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        return BridgeRuns.get(url);
    }
}
