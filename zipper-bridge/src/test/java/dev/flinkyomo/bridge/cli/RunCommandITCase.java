package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.YomoClient;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

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
                workflow(
                        port,
                        "flink:\n  sinks:\n    - {type: file, path: out/results.txt}\n    - {type: file, path: out/raw.txt, tags: [0x33]}\n");

        CliTest.Run result = runWhileSending(config, port, "15s", 0, 5);

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

    /**
     * {@code serve -c} (run's alias) prints a status line on stderr while it runs (every 10 s; 2 s
     * here) with the job's metrics, and a summary at the end; {@code --quiet} neither.
     */
    @Test
    void statusLinesAndSummaryCountTheFrames() throws Exception {
        int port = BridgeRuns.freeUdpPort();
        Path config = workflow(port, "");
        CliTest.Run result =
                whileSending(
                        CompletableFuture.supplyAsync(
                                () ->
                                        CliTest.run(
                                                "serve",
                                                "-c",
                                                config.toString(),
                                                "--duration",
                                                "15s",
                                                "--rest-port",
                                                "0",
                                                "--status-interval",
                                                "2s")),
                        port,
                        0,
                        7);
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
        List<String> status = result.err().lines().filter(l -> l.startsWith("status ")).toList();
        assertThat(status).as(result.err()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(status)
                .allMatch(
                        l ->
                                l.matches(
                                        "status \\d+ s: frames in \\d+, frames out \\d+, dead letters 0,"
                                                + " devices connected [01]"));
        assertThat(status)
                .as("once the 7 frames are in, with the source still connected")
                .anyMatch(
                        l ->
                                l.endsWith(
                                        ": frames in 7, frames out 7, dead letters 0, devices"
                                                + " connected 1"));
        assertThat(result.err().lines().filter(l -> l.startsWith("summary: ")))
                .singleElement()
                .asString()
                .matches("summary: ran 1\\d s, frames in 7, frames out 7, dead letters 0");
    }

    /**
     * With the CLI's console configuration (conf/log4j2-cli.properties) a normal run logs no WARN
     * from Flink: the start-up noise (delegation tokens, no log file for the web UI, truncated
     * operator names in metric scopes) is silenced by name, errors stay visible.
     */
    @Test
    void aNormalRunLogsNoFlinkWarningOnTheCliConsole() throws Exception {
        int port = BridgeRuns.freeUdpPort();
        Path config = workflow(port, "");
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        URI testConfig = context.getConfigLocation();
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        context.setConfigLocation(Path.of("conf/log4j2-cli.properties").toUri());
        try {
            AbstractAppender capture =
                    new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                        @Override
                        public void append(LogEvent event) {
                            events.add(event.toImmutable());
                        }
                    };
            capture.start();
            context.getConfiguration().addAppender(capture);
            context.getConfiguration().getRootLogger().addAppender(capture, null, null);
            context.updateLoggers();
            assertThat(LogManager.getLogger("org.apache.flink.runtime").isErrorEnabled())
                    .as("Flink's errors stay visible")
                    .isTrue();

            CliTest.Run result =
                    whileSending(
                            CompletableFuture.supplyAsync(
                                    () ->
                                            CliTest.run(
                                                    "run",
                                                    "--quiet",
                                                    "--status-interval",
                                                    "1s",
                                                    "--duration",
                                                    "15s",
                                                    "--rest-port",
                                                    "0",
                                                    config.toString())),
                            port,
                            0,
                            3);
            assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
            assertThat(result.err())
                    .as("--quiet")
                    .doesNotContain("status ")
                    .doesNotContain("summary:");
        } finally {
            context.setConfigLocation(testConfig);
        }
        assertThat(events)
                .filteredOn(e -> e.getLoggerName().startsWith("org.apache.flink"))
                .filteredOn(e -> e.getLevel().isMoreSpecificThan(Level.WARN))
                .extracting(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getMessage())
                .isEmpty();
        assertThat(events).as("the capture saw the run").isNotEmpty();
    }

    /**
     * {@code run --duration} of {@code config}, with a token-authenticated YoMo source sending
     * frames {@code from..to-1} (tag 0x33, tid {@code tid-<i>}, payload {@code noise-<i>}) once the
     * listener is up, and staying connected until the run ends.
     */
    private static CliTest.Run runWhileSending(
            Path config, int port, String duration, int from, int to) throws Exception {
        return whileSending(BridgeRuns.runFor(duration, config.toString()), port, from, to);
    }

    /** {@code run} (already started) while a source sends frames {@code from..to-1}. */
    private static CliTest.Run whileSending(
            CompletableFuture<CliTest.Run> run, int port, int from, int to) throws Exception {
        YomoClient client = BridgeRuns.source(port, "token:s3cret");
        try {
            client.start().get(30, TimeUnit.SECONDS); // retries until the job's listener is up
            for (int i = from; i < to; i++) {
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
            return run.get(60, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    /** The test's token-authenticated workflow with {@code test-upper} and this flink section. */
    private Path workflow(int port, String flinkSection) throws Exception {
        return Files.writeString(
                dir.resolve("workflow.yaml"),
                "name: bridge-it\nhost: 127.0.0.1\nport: "
                        + port
                        + "\nauth:\n  type: token\n  token: s3cret\nfunctions:\n  - name: test-upper\n"
                        + flinkSection);
    }

    /**
     * With a state dir the file sink is the committing one: lines reach the file at checkpoint
     * completion, and a second run, resuming from the first's newest retained checkpoint, commits
     * that checkpoint's committables again (already done: nothing appended) and appends its own
     * lines after them.
     */
    @Test
    void aResumedRunAppendsItsLinesOnceAfterTheFirstRunsCommittedOnes() throws Exception {
        int port = BridgeRuns.freeUdpPort();
        Path config =
                workflow(
                        port,
                        "flink:\n  state-dir: state\n  checkpoint-interval: 200ms\n"
                                + "  sinks:\n    - {type: file, path: out/results.txt}\n");

        CliTest.Run first = runWhileSending(config, port, "8s", 0, 5);
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(ExitCodes.OK);
        List<String> afterFirst = Files.readAllLines(dir.resolve("out/results.txt"));
        assertThat(afterFirst).hasSize(5);

        CliTest.Run second = runWhileSending(config, port, "8s", 5, 10);
        assertThat(second.code()).as(second.out() + second.err()).isEqualTo(ExitCodes.OK);
        assertThat(second.out()).contains("resuming from retained checkpoint ");

        List<String> lines = Files.readAllLines(dir.resolve("out/results.txt"));
        assertThat(lines.subList(0, 5)).isEqualTo(afterFirst);
        assertThat(lines)
                .containsExactlyInAnyOrder(
                        IntStream.range(0, 10)
                                .mapToObj(i -> "[test-upper] tag=0x34 tid=tid-" + i + " NOISE-" + i)
                                .toArray(String[]::new));
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
                                + " Writer)");
    }
}
