package dev.flinkyomo.bridge.cli;

import org.apache.flink.util.function.ThrowingConsumer;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zipper-bridge run} as a complete zipper: the workflow lists in-job Java functions and a
 * function with no implementation here, which the bridge awaits as a connected stream function. The
 * Go {@code yomo-peer sfn} connects to the bridge's port as to {@code yomo serve}; what it writes
 * (YoMo's {@code ctx.Write}, metadata kept) re-enters the job at the function's place in the list
 * (yomo v1.6's order: it reaches the functions listed after it, not those before).
 */
class ConnectedFunctionRunITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int READINGS = 5;

    @TempDir Path dir;

    /** The Go function's summary line of the last run. */
    private JsonNode lastSummary;

    /** Source (0x33) → in-job test-upper (0x34) → the Go function → 0x35 → the file sink. */
    @Test
    void aGoFunctionConnectsToTheBridgeAndItsWritesReachTheSink() throws Exception {
        CliTest.Run result =
                runWithGoFunction(
                        "  - name: test-upper\n  - name: go-shout\n",
                        "go-shout",
                        "0x34",
                        "0x35",
                        "0x35");
        assertThat(result.err())
                .contains("function 'go-shout' is not in the job, awaited as a stream function");
        assertThat(Files.readAllLines(dir.resolve("out/back.txt")))
                .containsExactlyInAnyOrderElementsOf(sinkLines("go-shout", "NOISE-", ""));
    }

    /**
     * Source (0x33) → the Go function → 0x34 → in-job test-suffix, which observes 0x33 and 0x34: it
     * gets each reading twice, once from the source and once as the function's write, so each of
     * its outputs is in the file twice (once without the connected function's write).
     */
    @Test
    void whatAGoFunctionWritesReachesAnInJobFunction() throws Exception {
        runWithGoFunction(
                "  - name: go-echo\n  - name: test-suffix\n", "go-echo", "0x33", "0x34", "0x35");
        List<String> lines = Files.readAllLines(dir.resolve("out/back.txt"));
        assertThat(lines).hasSize(2 * READINGS);
        for (int i = 0; i < READINGS; i++) {
            String line = "[test-suffix] tag=0x35 tid=tid-" + i + " noise-" + i + "!";
            assertThat(lines).filteredOn(line::equals).hasSize(2);
        }
    }

    /**
     * The same two functions in the other order: test-suffix comes first, so the Go function's
     * writes (listed after it) do not reach it, and each reading is in the file once. Without the
     * order each would be there twice, as above.
     */
    @Test
    void aConnectedFunctionsWritesDoNotReachFunctionsListedBeforeIt() throws Exception {
        runWithGoFunction(
                "  - name: test-suffix\n  - name: go-echo\n", "go-echo", "0x33", "0x34", "0x35");
        List<String> lines = Files.readAllLines(dir.resolve("out/back.txt"));
        assertThat(lines)
                .containsExactlyInAnyOrderElementsOf(sinkLines("test-suffix", "noise-", "!"));
    }

    /**
     * A stream function of the 2021 protocol (yomo v1.5.3's framing: no handshake ack, no observed
     * tags, filtering on its side) keeps its place in the list: it is sent what the sources and
     * test-upper wrote, ignores the sources' 0x33 as v1.5's SDK does, and its 0x35 writes reach the
     * sink. A 2021 function the workflow does not list is closed with yomo v1.5's 0xCC.
     */
    @Test
    void a2021FunctionConnectsAtItsPlaceAndAnUnlistedOneIsRefusedAsAnIllegalSfn() throws Exception {
        runWithGoFunction(
                "  - name: test-upper\n  - name: legacy-shout\n",
                "legacy-shout",
                "0x34",
                "0x35",
                "0x35",
                port -> {
                    try (YomoPeerProcess stranger =
                            YomoPeerProcess.start(
                                    "sfn",
                                    "--protocol",
                                    "2021",
                                    "--addr",
                                    "127.0.0.1:" + port,
                                    "--name",
                                    "stranger",
                                    "--timeout",
                                    "20s")) {
                        JsonNode rejected = stranger.awaitEvent("rejected", TIMEOUT);
                        assertThat(rejected.path("closeCode").asInt()).isEqualTo(0xCC);
                        assertThat(rejected.path("reason").asText())
                                .contains("'stranger' is not one of the workflow's functions");
                        assertThat(stranger.awaitExit(TIMEOUT)).isEqualTo(3);
                    }
                },
                "--protocol",
                "2021");
        assertThat(lastSummary.path("ignored").asInt()).isEqualTo(READINGS);
        assertThat(Files.readAllLines(dir.resolve("out/back.txt")))
                .containsExactlyInAnyOrderElementsOf(sinkLines("legacy-shout", "NOISE-", ""));
    }

    /**
     * The file sink's line for each reading {@code i}: {@code payload<i><suffix>} from {@code fn}.
     */
    private static List<String> sinkLines(String fn, String payload, String suffix) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < READINGS; i++) {
            lines.add("[" + fn + "] tag=0x35 tid=tid-" + i + " " + payload + i + suffix);
        }
        return lines;
    }

    /**
     * Runs the bridge on a workflow listing {@code functions}, with the Go function {@code name}
     * observing {@code observe} and writing back on {@code echoTag}, and a file sink {@code
     * out/back.txt} of {@code sinkTag}; a source sends {@code noise-<i>} on 0x33 with tid {@code
     * tid-<i>}.
     */
    private CliTest.Run runWithGoFunction(
            String functions,
            String name,
            String observe,
            String echoTag,
            String sinkTag,
            String... sfnArgs)
            throws Exception {
        return runWithGoFunction(functions, name, observe, echoTag, sinkTag, s -> {}, sfnArgs);
    }

    /** With {@code whileConnected} run once the Go function is connected, before the readings. */
    private CliTest.Run runWithGoFunction(
            String functions,
            String name,
            String observe,
            String echoTag,
            String sinkTag,
            ThrowingConsumer<Integer, Exception> whileConnected,
            String... sfnArgs)
            throws Exception {
        int port = BridgeRuns.freeUdpPort();
        Path config =
                Files.writeString(
                        dir.resolve("workflow.yaml"),
                        "name: bridge-zipper\nhost: 127.0.0.1\nport: "
                                + port
                                + "\nfunctions:\n"
                                + functions
                                + "flink:\n  sinks:\n    - {type: file, path: out/back.txt, tags: ["
                                + sinkTag
                                + "]}\n");
        CompletableFuture<CliTest.Run> run = BridgeRuns.runFor("15s", config.toString());
        YomoClient source = BridgeRuns.source(port, null);
        CliTest.Run result;
        try {
            source.start().get(30, TimeUnit.SECONDS); // retries until the job's listener is up
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--addr",
                                    "127.0.0.1:" + port,
                                    "--name",
                                    name,
                                    "--observe",
                                    observe,
                                    "--echo-tag",
                                    echoTag,
                                    "--count",
                                    String.valueOf(READINGS),
                                    "--timeout",
                                    "40s"));
            args.addAll(List.of(sfnArgs));
            try (YomoPeerProcess sfn = YomoPeerProcess.start("sfn", args.toArray(String[]::new))) {
                sfn.awaitEvent("connected", TIMEOUT);
                Thread.sleep(500); // the listener registers the function after its HandshakeAck
                whileConnected.accept(port);
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
                lastSummary = summary;
                assertThat(summary.path("received").asInt()).isEqualTo(READINGS);
                assertThat(summary.path("echoed").asInt()).isEqualTo(READINGS);
                result = run.get(90, TimeUnit.SECONDS);
            }
        } finally {
            source.close();
        }
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
        return result;
    }
}
