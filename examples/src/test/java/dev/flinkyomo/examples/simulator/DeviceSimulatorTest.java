package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.testutil.AckingZipper;
import dev.flinkyomo.examples.testutil.TestZipper;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code device} simulator: numbered readings over real QUIC, with and without the
 * acknowledgement extension, its summary line and exit code.
 */
@Timeout(60)
class DeviceSimulatorTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new DeviceSimulator())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private static List<Long> numbers(List<InboundFrame> frames) {
        return frames.stream().map(f -> NumberedGenerator.number(f.payload())).toList();
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void withAcksEveryReadingIsNumberedAndAcknowledged() throws Exception {
        try (AckingZipper zipper = new AckingZipper(0, Map.of(), true)) {
            int code =
                    run(
                            "--host",
                            "127.0.0.1",
                            "--port",
                            String.valueOf(zipper.port()),
                            "--count",
                            "50",
                            "--rate",
                            "1000",
                            "--producer-id",
                            "sensor-7",
                            "--acks",
                            "--wait-durable",
                            "10s");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString())
                    .isEqualTo("sent 50, acknowledged 50" + System.lineSeparator());
            List<InboundFrame> frames = zipper.await(50, Duration.ofSeconds(5));
            assertThat(numbers(frames)).isEqualTo(oneTo(50));
            assertThat(frames)
                    .allSatisfy(
                            f -> {
                                assertThat(f.producerId()).isEqualTo("sensor-7");
                                assertThat(f.sequence())
                                        .isEqualTo(NumberedGenerator.number(f.payload()));
                                assertThat(f.tag()).isEqualTo(0x33);
                                assertThat(f.connection().clientName()).isEqualTo("device");
                            });
        }
    }

    @Test
    void withoutAcksReadingsAreNumberedPayloadsAndNoneIsAcknowledged() throws Exception {
        try (TestZipper zipper = new TestZipper()) {
            int code =
                    run(
                            "--zipper", "127.0.0.1:" + zipper.port(),
                            "--count", "5",
                            "--rate", "500",
                            "--tag", "0x21");
            List<InboundFrame> frames = zipper.await(5, Duration.ofSeconds(10));

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).isEqualTo("sent 5, acknowledged 0" + System.lineSeparator());
            assertThat(numbers(frames)).isEqualTo(oneTo(5));
            assertThat(frames)
                    .allSatisfy(
                            f -> {
                                assertThat(f.tag()).isEqualTo(0x21);
                                assertThat(f.producerId()).isNull();
                                assertThat(f.sequence()).isZero();
                            });
        }
    }

    @Test
    void requiredAcksNotGivenWithinTheWaitExitsOne() throws Exception {
        try (AckingZipper zipper = new AckingZipper(0, Map.of(), false)) {
            int code =
                    run(
                            "--zipper",
                            "127.0.0.1:" + zipper.port(),
                            "--count",
                            "5",
                            "--rate",
                            "500",
                            "--acks",
                            "--wait-durable",
                            "300ms");

            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).isEqualTo("sent 5, acknowledged 0" + System.lineSeparator());
            assertThat(err.toString())
                    .contains("5 of 5 readings not acknowledged within 300 ms")
                    .contains("sequences 1..5, durable up to 0");
            assertThat(numbers(zipper.await(5, Duration.ofSeconds(5)))).isEqualTo(oneTo(5));
        }
    }

    @Test
    void requiredAcksAgainstAStockZipperFails() throws Exception {
        try (TestZipper zipper = new TestZipper()) {
            int code =
                    run(
                            "--zipper",
                            "127.0.0.1:" + zipper.port(),
                            "--count",
                            "3",
                            "--acks",
                            "--connect-timeout",
                            "5s");

            assertThat(code).isNotZero();
            assertThat(err.toString()).containsIgnoringCase("acknowledgements");
            assertThat(zipper.await(1, Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void optionalAcksAgainstAStockZipperSendAtMostOnce() throws Exception {
        try (TestZipper zipper = new TestZipper()) {
            int code =
                    run(
                            "--zipper", "127.0.0.1:" + zipper.port(),
                            "--count", "3",
                            "--rate", "500",
                            "--producer-id", "p-1",
                            "--wait-durable", "200ms");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).isEqualTo("sent 3, acknowledged 0" + System.lineSeparator());
            assertThat(numbers(zipper.await(3, Duration.ofSeconds(5)))).isEqualTo(oneTo(3));
        }
    }

    @Test
    void badRateIsAnError() {
        assertThat(run("--rate", "0", "--count", "1")).isNotZero();
        assertThat(err.toString()).contains("--rate must be a positive number");
    }

    /**
     * The receiver stops mid-stream and a new one restored from its positions takes the port: the
     * device keeps writing through the outage, resends what was lost, and every reading arrives
     * once across both receivers, all acknowledged.
     */
    @Test
    void aReceiverRestartMidStreamLosesAndRepeatsNothing() throws Exception {
        int frames = 400;
        AckingZipper first = new AckingZipper(0, Map.of(), true);
        int port = first.port();
        CompletableFuture<Integer> code =
                CompletableFuture.supplyAsync(
                        () ->
                                run(
                                        "--host",
                                        "127.0.0.1",
                                        "--port",
                                        String.valueOf(port),
                                        "--count",
                                        String.valueOf(frames),
                                        "--rate",
                                        "400",
                                        "--producer-id",
                                        "restarting",
                                        "--idle-timeout",
                                        "3s",
                                        "--acks",
                                        "--wait-durable",
                                        "20s"));
        List<InboundFrame> all = new ArrayList<>(first.await(100, Duration.ofSeconds(20)));
        first.close();
        all = new ArrayList<>(first.received());
        Thread.sleep(300);
        try (AckingZipper second = new AckingZipper(port, first.positions(), true)) {
            assertThat(code.get(40, TimeUnit.SECONDS)).as(err.toString()).isZero();
            all.addAll(second.received());
            assertThat(all.size()).isLessThan(frames + 1);
            assertThat(first.received()).hasSizeBetween(100, frames - 1);
        }
        assertThat(numbers(all)).isEqualTo(oneTo(frames));
        assertThat(out.toString())
                .isEqualTo("sent " + frames + ", acknowledged " + frames + System.lineSeparator());
    }
}
