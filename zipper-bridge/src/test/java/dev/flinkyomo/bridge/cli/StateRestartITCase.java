package dev.flinkyomo.bridge.cli;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zipper-bridge run} with {@code flink.state-dir}, restarted as a service would be: each run
 * is a separate embedded MiniCluster, stopped by {@code --duration} (the job is cancelled, its
 * checkpoints are retained). What a run restored from is read from Flink itself, the REST
 * endpoint's {@code /jobs/<id>/checkpoints} ({@code latest.restored}), while the run is up.
 */
class StateRestartITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path dir;

    /** One run, observed while it is up by {@code whileRunning}. */
    record Run(int code, String out, String err, JsonNode checkpoints, JsonNode extra) {}

    @Test
    void restartsResumeFromTheNewestUsableCheckpointAndFromSavepoints() throws Exception {
        Path config = workflow();
        Path checkpoints = dir.resolve("state/checkpoints");

        // 1: nothing to resume; checkpoints are written and retained when the job is cancelled
        Run first = run(config, ignored -> null);
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.out())
                .contains(
                        "no retained checkpoint in file://"
                                + checkpoints
                                + ": starting without state");
        assertThat(
                        first.checkpoints().at("/latest/restored").isNull()
                                || first.checkpoints().at("/latest/restored").isMissingNode())
                .as(first.checkpoints().toString())
                .isTrue();
        List<Path> afterFirst = completed(checkpoints);
        assertThat(afterFirst).as("retained checkpoints of run 1").hasSize(2);

        // 2: resumes from run 1's newest checkpoint; a savepoint is taken into state/savepoints
        Path newest = afterFirst.get(afterFirst.size() - 1);
        Run second = run(config, this::triggerSavepoint);
        assertThat(second.code()).as(second.out() + second.err()).isZero();
        assertThat(second.out())
                .contains("resuming from retained checkpoint " + number(newest) + " of job ");
        assertRestoredFrom(second, newest);
        List<Path> afterSecond = completed(checkpoints);
        assertThat(afterSecond).hasSize(4);
        Path secondsOlder = afterSecond.get(2);
        Path secondsNewest = afterSecond.get(3);
        assertThat(number(secondsOlder))
                .as("checkpoint ids continue after the restored one")
                .isGreaterThan(number(newest));
        String savepoint = second.extra().at("/operation/location").asText();
        assertThat(savepoint).startsWith("file:" + dir.resolve("state/savepoints"));

        // 3: the newest _metadata is damaged (truncated): a warning, then the one before it
        Path metadata = secondsNewest.resolve("_metadata");
        byte[] bytes = Files.readAllBytes(metadata);
        Files.write(metadata, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run third = run(config, ignored -> null);
        assertThat(third.code()).as(third.out() + third.err()).isZero();
        assertThat(third.err())
                .contains(
                        "zipper-bridge: warning: skipping checkpoint "
                                + number(secondsNewest)
                                + " of job ")
                .contains("its metadata does not load");
        assertRestoredFrom(third, secondsOlder);

        // 4: --from-savepoint wins over the retained checkpoints
        Run fourth = run(config, ignored -> null, "--from-savepoint", savepoint);
        assertThat(fourth.code()).as(fourth.out() + fourth.err()).isZero();
        assertThat(fourth.out()).contains("restoring from savepoint " + savepoint);
        assertThat(fourth.checkpoints().at("/latest/restored/external_path").asText())
                .isEqualTo(savepoint);

        // 5: --no-resume starts without state and keeps what is there
        Run fifth = run(config, ignored -> null, "--no-resume");
        assertThat(fifth.code()).as(fifth.out() + fifth.err()).isZero();
        assertThat(fifth.out()).contains("starting without state (--no-resume)");
        JsonNode restored = fifth.checkpoints().at("/latest/restored");
        assertThat(restored.isNull() || restored.isMissingNode()).as(restored.toString()).isTrue();
        assertThat(Files.exists(metadata)).isTrue();

        // both flags at once is a usage error
        assertThat(
                        CliTest.run(
                                        "run",
                                        "--no-resume",
                                        "--from-savepoint",
                                        savepoint,
                                        config.toString())
                                .code())
                .isEqualTo(ExitCodes.USAGE);
    }

    private Path workflow() throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        return Files.writeString(
                dir.resolve("workflow.yaml"),
                "name: stateful\nhost: 127.0.0.1\nport: "
                        + port
                        + "\nfunctions:\n  - name: test-upper\n"
                        + "flink:\n  state-dir: state\n  checkpoint-interval: 200ms\n");
    }

    /**
     * Flink's own record of the restore. ({@code is_savepoint} is true for any restore through
     * {@code execution.state-recovery.path}, so it tells nothing here.)
     */
    private static void assertRestoredFrom(Run run, Path checkpoint) {
        JsonNode restored = run.checkpoints().at("/latest/restored");
        assertThat(restored.at("/id").asLong())
                .as(restored.toString())
                .isEqualTo(number(checkpoint));
        assertThat(restored.at("/external_path").asText()).endsWith(checkpoint.toString());
    }

    /**
     * Runs {@code run --duration 6s FILE ARGS}; once its job has completed a checkpoint, reads the
     * job's checkpoint statistics and calls {@code whileRunning} with the REST base and job id.
     */
    private Run run(Path config, Function<String[], JsonNode> whileRunning, String... args)
            throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZipperBridge.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] argv =
                Stream.concat(
                                Stream.of("run", "--duration", "6s", "--rest-port", "0"),
                                Stream.concat(Stream.of(args), Stream.of(config.toString())))
                        .toArray(String[]::new);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> cl.execute(argv));

        BridgeRuns.RunningJob running = BridgeRuns.awaitRunning(out, err, code);
        String jobId = running.jobId();
        String rest = running.rest();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode checkpoints = get(rest + "/jobs/" + jobId + "/checkpoints");
        while (checkpoints.at("/counts/completed").asInt() == 0) {
            assertThat(System.nanoTime()).as("a first checkpoint").isLessThan(deadline);
            Thread.sleep(100);
            checkpoints = get(rest + "/jobs/" + jobId + "/checkpoints");
        }
        JsonNode extra = whileRunning.apply(new String[] {rest, jobId});
        int exit = code.get(60, TimeUnit.SECONDS);
        return new Run(exit, out.toString(), err.toString(), checkpoints, extra);
    }

    /** Triggers a savepoint into the configured default directory and waits for it. */
    private JsonNode triggerSavepoint(String[] restAndJob) {
        try {
            String base = restAndJob[0] + "/jobs/" + restAndJob[1] + "/savepoints";
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(base))
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"cancel-job\":false}"))
                                    .header("Content-Type", "application/json")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String trigger = JSON.readTree(r.body()).at("/request-id").asText();
            assertThat(trigger).as(r.body()).isNotEmpty();
            for (int i = 0; i < 200; i++) {
                JsonNode status = get(base + "/" + trigger);
                if ("COMPLETED".equals(status.at("/status/id").asText())) {
                    return status;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("savepoint did not complete");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        return BridgeRuns.get(url);
    }

    /** Completed checkpoints ({@code _metadata} present), oldest first by checkpoint id. */
    private static List<Path> completed(Path checkpoints) throws IOException {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .sorted(Comparator.comparingLong(StateRestartITCase::number))
                    .toList();
        }
    }

    private static long number(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }
}
