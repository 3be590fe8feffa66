package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.testutil.TestZipper;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulators' command lines: options reach the device, bad values are usage errors. */
class SimulatorCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(SimulatorCommand command, String... args) {
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void sensorSourceCommandSendsTheKindsTagWithTheGivenCount() throws Exception {
        try (TestZipper zipper = new TestZipper()) {
            int code =
                    run(
                            new SensorSource(),
                            "--zipper",
                            "127.0.0.1:" + zipper.port(),
                            "--kind",
                            "HUMIDITY",
                            "--interval",
                            "5ms",
                            "--count",
                            "3",
                            "--sensor-id",
                            "lab");
            List<InboundFrame> frames = zipper.await(3, Duration.ofSeconds(10));

            assertThat(code).isEqualTo(0);
            assertThat(out.toString()).contains("humidity-source: sent 3 frames");
            assertThat(frames)
                    .hasSize(3)
                    .allSatisfy(
                            f -> {
                                assertThat(f.tag()).isEqualTo(0x22);
                                assertThat(f.connection().clientName())
                                        .isEqualTo("humidity-source");
                            });
        }
    }

    @Test
    void noiseSourceCommandHonoursTagAndName() throws Exception {
        try (TestZipper zipper = new TestZipper()) {
            int code =
                    run(
                            new NoiseSource(),
                            "--zipper",
                            "127.0.0.1:" + zipper.port(),
                            "--tag",
                            "0x10",
                            "--name",
                            "edge-7",
                            "--interval",
                            "5ms",
                            "--count",
                            "2");
            List<InboundFrame> frames = zipper.await(2, Duration.ofSeconds(10));

            assertThat(code).isEqualTo(0);
            assertThat(frames)
                    .hasSize(2)
                    .allSatisfy(
                            f -> {
                                assertThat(f.tag()).isEqualTo(0x10);
                                assertThat(new String(f.payload()))
                                        .endsWith(",\"from\":\"edge-7\"}");
                            });
        }
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        assertThat(run(new NoiseSource(), "--zipper", "localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("--zipper").contains("expected HOST:PORT");
        assertThat(run(new NoiseSource(), "--tag", "0xZZ")).isEqualTo(2);
        assertThat(err.toString()).contains("expected a tag such as 0x33");
        assertThat(run(new ImageSource(), "--interval", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("expected a positive duration");
        assertThat(run(new SensorSource())).isEqualTo(2);
        assertThat(err.toString()).contains("--kind");
    }
}
