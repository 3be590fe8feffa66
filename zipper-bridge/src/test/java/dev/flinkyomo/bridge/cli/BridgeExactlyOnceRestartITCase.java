package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once from a device to the bridge's file across a stop and a resume (the exactly-once
 * issue's bridge case). The workflow has a state dir, so the bridge checkpoints, grants the device
 * acknowledgements and writes the committing file sink. An acknowledging device sends readings
 * 0..19 while the first run runs, 20..39 while no bridge runs (they wait in its buffer), and stays
 * up; the second run resumes from the first's newest retained checkpoint. What the first run
 * emitted after that checkpoint was neither committed nor acknowledged: the device sends it again
 * and the second run commits it. The file ends with every reading once, and the device has all 40
 * acknowledged.
 */
class BridgeExactlyOnceRestartITCase {

    private static final int READINGS = 40;

    @TempDir Path dir;

    @Test
    void everyReadingOfAnAcknowledgingDeviceIsInTheFileOnceAcrossAResume() throws Exception {
        int port = BridgeRuns.freeUdpPort();
        Path config =
                Files.writeString(
                        dir.resolve("workflow.yaml"),
                        "name: bridge-eo\nhost: 127.0.0.1\nport: "
                                + port
                                + "\nfunctions:\n  - name: test-upper\n"
                                + "flink:\n  state-dir: state\n  checkpoint-interval: 300ms\n"
                                + "  sinks:\n    - {type: file, path: out/results.txt}\n");
        try (YomoClient device =
                new YomoClient(
                        ClientOptions.builder("127.0.0.1", port, "eo-device", ClientType.SOURCE)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .udpBufferSize(0)
                                .idleTimeout(Duration.ofSeconds(3))
                                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                                .acknowledgements(AckOptions.of("eo-device").withRequired(true))
                                .build(),
                        YomoClientListener.NO_OP)) {
            var first = BridgeRuns.runFor("8s", config.toString());
            device.start().get(30, TimeUnit.SECONDS); // redials until the listener is up
            assertThat(device.acknowledgementsGranted()).isTrue();
            send(device, 0, 20);
            CliTest.Run run1 = first.get(60, TimeUnit.SECONDS);
            assertThat(run1.code()).as(run1.out() + run1.err()).isEqualTo(ExitCodes.OK);
            long durableAfterFirst = device.durableSequence();

            send(device, 20, READINGS); // no bridge runs: buffered, resent later
            var second = BridgeRuns.runFor("10s", config.toString());
            assertThat(device.awaitDurable(READINGS, Duration.ofSeconds(30)))
                    .as("all acknowledged by the second run (durable %d)", device.durableSequence())
                    .isTrue();
            CliTest.Run run2 = second.get(60, TimeUnit.SECONDS);
            assertThat(run2.code()).as(run2.out() + run2.err()).isEqualTo(ExitCodes.OK);
            assertThat(run2.out()).contains("resuming from retained checkpoint ");

            assertThat(durableAfterFirst).isBetween(1L, (long) READINGS - 1);
            assertThat(Files.readAllLines(dir.resolve("out/results.txt")))
                    .containsExactlyInAnyOrder(
                            IntStream.range(0, READINGS)
                                    .mapToObj(
                                            i ->
                                                    "[test-upper] tag=0x34 tid=tid-"
                                                            + i
                                                            + " NOISE-"
                                                            + i)
                                    .toArray(String[]::new));
        }
    }

    private static void send(YomoClient device, int from, int to) throws InterruptedException {
        for (int i = from; i < to; i++) {
            Thread.sleep(100);
            device.send(
                    new DataFrame(
                            0x33,
                            MetadataCodec.encode(Map.of("yomo-tid", "tid-" + i)),
                            ("noise-" + i).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
