package dev.flinkyomo.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.yomo.interop.YomoPeerBinary;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zipper-bridge sfn}, Flink in place of {@code yomo run}: the uppercase guest joins the Go
 * {@code yomo-peer zipper} of interop/ as a stream function, a Go source writes to the zipper, and
 * a Go stream function downstream receives what the guest wrote, with the source's metadata.
 */
class SfnCommandITCase {

    private static final String TOKEN = "s3cret";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir Path dir;

    @Test
    @Timeout(180)
    void runsTheWasmFunctionBehindAZipperLikeYomoRun() throws Exception {
        int n = 50;
        YomoPeerBinary.get(); // build before timing anything
        Path wasm = guest("uppercase.wasm");
        try (YomoPeerProcess zipper =
                        YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "150s");
                YomoPeerProcess downstream =
                        YomoPeerProcess.start(
                                "sfn",
                                "--addr",
                                zipper.listenAddress(),
                                "--credential",
                                "token:" + TOKEN,
                                "--name",
                                "downstream",
                                "--observe",
                                "0x34",
                                "--count",
                                String.valueOf(n),
                                "--timeout",
                                "150s")) {
            awaitStreamFunction(zipper, "downstream");
            CompletableFuture<CliTest.Run> run =
                    CompletableFuture.supplyAsync(
                            () ->
                                    CliTest.run(
                                            "sfn",
                                            "-z",
                                            zipper.listenAddress(),
                                            "-n",
                                            "upper",
                                            "-d",
                                            "token:" + TOKEN,
                                            "--duration",
                                            "20s",
                                            "--rest-port",
                                            "0",
                                            wasm.toString()));
            JsonNode connected = awaitStreamFunction(zipper, "upper");
            assertThat(connected.path("observe").toString())
                    .as("the tags the module declares")
                    .isEqualTo("[51]");

            YomoPeerProcess.runSource(
                    zipper.listenAddress(), "token:" + TOKEN, "go-src", "0x33", n, TIMEOUT);
            assertThat(downstream.awaitExit(TIMEOUT))
                    .as("downstream exit code" + downstream.describe())
                    .isZero();
            List<JsonNode> data = downstream.events("data");
            assertThat(data).hasSize(n);
            for (int i = 0; i < n; i++) {
                JsonNode e = data.get(i);
                assertThat(e.path("tag").asLong()).isEqualTo(0x34L);
                assertThat(new String(YomoPeerProcess.payload(e), StandardCharsets.UTF_8))
                        .isEqualTo("FRAME-" + i);
                assertThat(YomoPeerProcess.metadata(e))
                        .as("carried forward from the source")
                        .containsEntry("yomo-tid", "go-src-" + i)
                        .containsEntry("yomo-source-id", "go-src");
            }

            CliTest.Run result = run.get(90, TimeUnit.SECONDS);
            assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
            assertThat(result.out())
                    .contains(
                            "stream function 'upper' (uppercase.wasm) observes 0x33 at zipper "
                                    + zipper.listenAddress())
                    .contains("Flink web UI: http://localhost:")
                    .contains("duration 20 s reached");
        }
    }

    @Test
    void wrongArgumentsAreRefusedBeforeAnyJobStarts() throws Exception {
        Path wasm = guest("uppercase.wasm");
        CliTest.Run badCredential = CliTest.run("sfn", "-d", "secret", wasm.toString());
        assertThat(badCredential.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badCredential.err()).contains("--credential must be NAME:PAYLOAD");

        CliTest.Run missing = CliTest.run("sfn", dir.resolve("nope.wasm").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(missing.err()).contains("no Wasm module at");

        Path malformed =
                Files.write(
                        dir.resolve("broken.wasm"),
                        new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, (byte) 0xFF});
        CliTest.Run broken = CliTest.run("sfn", malformed.toString());
        assertThat(broken.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(broken.err()).contains("broken.wasm").contains("cannot be loaded");

        CliTest.Run badZipper = CliTest.run("sfn", "-z", "nowhere", wasm.toString());
        assertThat(badZipper.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badZipper.err()).contains("expected HOST:PORT");
    }

    /**
     * Waits for the zipper's "connected" event of the stream function {@code name} (other clients
     * connect too).
     */
    private static JsonNode awaitStreamFunction(YomoPeerProcess zipper, String name) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode e =
                    zipper.awaitEvent(
                            "connected",
                            Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (name.equals(e.path("client").asText())
                    && "sfn".equals(e.path("clientType").asText())) {
                return e;
            }
        }
    }

    /** An example guest of flink-wasm-udf as a file, as a user passes it to the command. */
    private Path guest(String name) throws Exception {
        try (InputStream in =
                getClass()
                        .getClassLoader()
                        .getResourceAsStream("dev/flinkyomo/wasm/guests/" + name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }
}
