package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.YomoClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zipper-bridge run} end to end on the embedded MiniCluster: a YoMo source dials the
 * configured port with the configured token over QUIC, a Java function transforms, the file sink
 * gets the results, the job stops after --duration and the command exits 0.
 */
class RunCommandITCase {

    @TempDir Path dir;

    @Test
    void sourceFramesFlowThroughTheFunctionIntoTheFileSink() throws Exception {
        int port = BridgeRuns.freeUdpPort();
        Path config =
                Files.writeString(
                        dir.resolve("workflow.yaml"),
                        "name: bridge-it\nhost: 127.0.0.1\nport: "
                                + port
                                + "\nauth:\n  type: token\n  token: s3cret\nfunctions:\n  - name: test-upper\n"
                                + "flink:\n  sinks:\n    - {type: file, path: out/results.txt}\n    - {type: file, path: out/raw.txt, tags: [0x33]}\n");

        CompletableFuture<CliTest.Run> run = BridgeRuns.runFor("15s", config.toString());
        YomoClient client = BridgeRuns.source(port, "token:s3cret");
        CliTest.Run result;
        try {
            client.start().get(30, TimeUnit.SECONDS); // retries until the job's listener is up
            for (int i = 0; i < 5; i++) {
                // Paced like YoMo's noise source (100 ms). Back-to-back frames right after the
                // handshake were sometimes lost upstream of the bridge (only the first arrived).
                Thread.sleep(100);
                client.send(
                        new DataFrame(
                                0x33,
                                MetadataCodec.encode(Map.of("yomo-tid", "tid-" + i)),
                                ("noise-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            // Stay connected until the job ends: closing a QUIC connection right after writing can
            // discard stream data still in flight.
            result = run.get(60, TimeUnit.SECONDS);
        } finally {
            client.close();
        }

        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out())
                .contains("Flink web UI: http://localhost:")
                .contains(
                        "YoMo sources connect to 127.0.0.1:"
                                + port
                                + " (QUIC, ALPN yomo, credential \"token:<token>\")")
                .contains("duration 15 s reached")
                .contains("stopped");
        assertThat(Files.readAllLines(dir.resolve("out/raw.txt")))
                .hasSize(5)
                .allMatch(l -> l.startsWith("[source] tag=0x33 "));
        List<String> lines = Files.readAllLines(dir.resolve("out/results.txt"));
        assertThat(lines)
                .containsExactlyInAnyOrder(
                        "[test-upper] tag=0x34 tid=tid-0 NOISE-0",
                        "[test-upper] tag=0x34 tid=tid-1 NOISE-1",
                        "[test-upper] tag=0x34 tid=tid-2 NOISE-2",
                        "[test-upper] tag=0x34 tid=tid-3 NOISE-3",
                        "[test-upper] tag=0x34 tid=tid-4 NOISE-4");
    }

    @Test
    void planPrintsFlinksJobGraphWithTheListener() throws Exception {
        Path config =
                Files.writeString(
                        dir.resolve("w.yaml"),
                        "name: z\nhost: 0.0.0.0\nport: 9000\nfunctions:\n"
                                + "  - name: test-upper\ndownstreams:\n  far: {host: 10.0.0.1, port: 9000, credential: 'token:x'}\n");
        CliTest.Run r = CliTest.run("plan", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Flink job graph (1 task, operators chained with ->):")
                .contains(
                        "[1] Source: YoMo listener 0.0.0.0:9000 -> Bus -> Stage 1: test-upper (java) -> (Mesh:"
                                + " far -> YoMo mesh far 10.0.0.1:9000: Writer, Connected functions:"
                                + " records -> Connected functions: Writer)");
    }
}
