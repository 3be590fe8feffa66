package dev.flinkyomo.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.YomoClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zipper-bridge run} as a complete zipper: the workflow lists an in-job Java function and a
 * function with no implementation here, which the bridge awaits as a connected stream function. The
 * Go {@code yomo-peer sfn} connects to the bridge's port as to {@code yomo serve}. A source's
 * reading (0x33) goes through the in-job function (0x34, upper case), then to the Go function,
 * whose write (0x35) re-enters the job and reaches the file sink, transaction id kept.
 */
class ConnectedFunctionRunITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int READINGS = 5;

    @TempDir Path dir;

    @Test
    void aGoFunctionConnectsToTheBridgeAndItsWritesReachTheSink() throws Exception {
        int port = BridgeRuns.freeUdpPort();
        Path config =
                Files.writeString(
                        dir.resolve("workflow.yaml"),
                        "name: bridge-zipper\nhost: 127.0.0.1\nport: "
                                + port
                                + "\nfunctions:\n  - name: test-upper\n  - name: go-shout\n"
                                + "flink:\n  sinks:\n    - {type: file, path: out/back.txt, tags: [0x35]}\n");

        CompletableFuture<CliTest.Run> run = BridgeRuns.runFor("15s", config.toString());
        YomoClient source = BridgeRuns.source(port, null);
        CliTest.Run result;
        try {
            source.start().get(30, TimeUnit.SECONDS); // retries until the job's listener is up
            try (YomoPeerProcess sfn =
                    YomoPeerProcess.start(
                            "sfn",
                            "--addr",
                            "127.0.0.1:" + port,
                            "--name",
                            "go-shout",
                            "--observe",
                            "0x34",
                            "--echo-tag",
                            "0x35",
                            "--count",
                            String.valueOf(READINGS),
                            "--timeout",
                            "40s")) {
                sfn.awaitEvent("connected", TIMEOUT);
                Thread.sleep(500); // the listener registers the function after its HandshakeAck
                for (int i = 0; i < READINGS; i++) {
                    Thread.sleep(100);
                    source.send(
                            new DataFrame(
                                    0x33,
                                    MetadataCodec.encode(Map.of("yomo-tid", "tid-" + i)),
                                    ("noise-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                assertThat(sfn.awaitExit(TIMEOUT)).as("sfn exit" + sfn.describe()).isZero();
                JsonNode summary = sfn.awaitEvent("summary", TIMEOUT);
                assertThat(summary.path("received").asInt()).isEqualTo(READINGS);
                assertThat(summary.path("echoed").asInt()).isEqualTo(READINGS);
                result = run.get(90, TimeUnit.SECONDS);
            }
        } finally {
            source.close();
        }

        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.err())
                .contains("function 'go-shout' is not in the job, awaited as a stream function");
        assertThat(Files.readAllLines(dir.resolve("out/back.txt")))
                .containsExactlyInAnyOrder(
                        "[source] tag=0x35 tid=tid-0 NOISE-0",
                        "[source] tag=0x35 tid=tid-1 NOISE-1",
                        "[source] tag=0x35 tid=tid-2 NOISE-2",
                        "[source] tag=0x35 tid=tid-3 NOISE-3",
                        "[source] tag=0x35 tid=tid-4 NOISE-4");
    }
}
