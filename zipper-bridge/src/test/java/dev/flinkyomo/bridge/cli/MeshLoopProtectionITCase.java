package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * yomo's loop protection in {@code zipper-bridge run}: a frame a source sends goes to the mesh
 * peer; a frame another zipper forwarded (client type 0x5E) reaches this zipper's own functions and
 * sinks but is not forwarded to the mesh peer again ({@code dispatchToDownstreams} in yomo v1.18).
 * Without it two meshed bridges bounced every frame (YoMo's 4-cascading-zipper example).
 */
class MeshLoopProtectionITCase {

    @TempDir Path dir;

    @Test
    void framesFromAnotherZipperAreNotForwardedToTheMeshAgain() throws Exception {
        BoundedFrameQueue<InboundFrame> atPeer = new BoundedFrameQueue<>(1000);
        try (YomoListener peer =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("peer")
                                .host("127.0.0.1")
                                .port(0)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        atPeer,
                        ListenerMetrics.NO_OP)) {
            int peerPort = peer.start().getPort();
            int port = BridgeRuns.freeUdpPort();
            Path config =
                    Files.writeString(
                            dir.resolve("workflow.yaml"),
                            "name: middle\nhost: 127.0.0.1\nport: "
                                    + port
                                    + "\ndownstreams:\n  far: {host: 127.0.0.1, port: "
                                    + peerPort
                                    + "}\nflink:\n"
                                    + "  sinks:\n    - {type: file, path: out/seen.txt, tags: [0x33]}\n");
            CompletableFuture<CliTest.Run> run = BridgeRuns.runFor("12s", config.toString());
            try (YomoClient source = BridgeRuns.source(port, null);
                    YomoClient upstream =
                            new YomoClient(
                                    ClientOptions.builder(
                                                    "127.0.0.1",
                                                    port,
                                                    "zipper-1",
                                                    ClientType.UPSTREAM_ZIPPER)
                                            .tls(TlsOptions.INSECURE_DEFAULT)
                                            .udpBufferSize(0)
                                            .build(),
                                    YomoClientListener.NO_OP)) {
                source.start().get(30, TimeUnit.SECONDS);
                upstream.start().get(30, TimeUnit.SECONDS);
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(100);
                    source.send(frame("from-source-" + i));
                    upstream.send(frame("from-zipper-" + i));
                }
                CliTest.Run result = run.get(60, TimeUnit.SECONDS);
                assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
            }

            List<InboundFrame> forwarded = new ArrayList<>();
            atPeer.drainTo(forwarded, 1000, Duration.ofMillis(200));
            // this file lists no functions, so the test class path's test-upper (0x33 -> upper
            // case) and test-suffix (-> "!") run: their outputs go to the mesh whatever their
            // input's sender, as a YoMo function's writes do
            List<String> payloads =
                    forwarded.stream()
                            .map(f -> new String(f.payload(), StandardCharsets.UTF_8))
                            .toList();
            assertThat(payloads)
                    .contains("from-source-0", "from-source-1", "from-source-2")
                    .doesNotContain("from-zipper-0", "from-zipper-1", "from-zipper-2")
                    .contains("FROM-ZIPPER-0", "from-zipper-0!");
            assertThat(Files.readAllLines(dir.resolve("out/seen.txt")))
                    .hasSize(6)
                    .anyMatch(l -> l.endsWith("from-zipper-2"))
                    .anyMatch(l -> l.endsWith("from-source-2"));
        }
    }

    private static DataFrame frame(String payload) {
        return new DataFrame(
                0x33,
                MetadataCodec.encode(Map.of("yomo-tid", payload)),
                payload.getBytes(StandardCharsets.UTF_8));
    }
}
