package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.testutil.AckingZipper;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code device --journal}: the device process is killed with SIGKILL mid-stream and restarted with
 * the same journal, and the receiver counts each reading once.
 */
@Timeout(120)
class DeviceSimulatorJournalTest {

    private static final String PRODUCER = "journaled-sensor";
    private static final Pattern SUMMARY = Pattern.compile("sent (\\d+), acknowledged (\\d+)");

    @TempDir Path dir;

    private static List<Long> numbers(List<InboundFrame> frames) {
        return frames.stream().map(f -> NumberedGenerator.number(f.payload())).toList();
    }

    private Process device(int port, int count, Path out) throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                DeviceSimulator.class.getName()));
        command.addAll(
                List.of(
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--count",
                        String.valueOf(count),
                        "--rate",
                        "1000",
                        "--producer-id",
                        PRODUCER,
                        "--acks",
                        "--journal",
                        dir.resolve("sensor.journal").toString(),
                        "--wait-durable",
                        "30s"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    /**
     * The first receiver grants acknowledgements but never completes a checkpoint; the device is
     * killed mid-stream, and the receiver fails over to a new one with no checkpoint (position 0).
     * The restarted device resends every reading its journal holds and continues after the last;
     * the second receiver alone counts 1..count once each, all acknowledged.
     */
    @Test
    void aDeviceKilledMidStreamAndRestartedWithItsJournalDeliversEachReadingOnce()
            throws Exception {
        int count = 2000;
        AckingZipper first = new AckingZipper(0, Map.of(), false);
        int port = first.port();
        Process killed = device(port, count, dir.resolve("first.out"));
        int receivedBeforeKill;
        try {
            receivedBeforeKill = first.await(500, Duration.ofSeconds(30)).size();
        } finally {
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            first.close();
        }
        assertThat(receivedBeforeKill).isBetween(500, count - 1);
        assertThat(Files.readString(dir.resolve("first.out"))).doesNotContain("sent ");

        try (AckingZipper second = new AckingZipper(port, Map.of(), true)) {
            Process restarted = device(port, count, dir.resolve("second.out"));
            boolean exited = restarted.waitFor(60, TimeUnit.SECONDS);
            String out = Files.readString(dir.resolve("second.out"));
            assertThat(exited).as(out).isTrue();
            assertThat(restarted.exitValue()).as(out).isZero();
            Matcher summary = SUMMARY.matcher(out);
            assertThat(summary.find()).as(out).isTrue();
            long sentAfterRestart = Long.parseLong(summary.group(1));
            assertThat(summary.group(2)).isEqualTo(summary.group(1));
            long fromJournal = count - sentAfterRestart;
            System.out.printf(
                    "killed after %d readings received; the restarted device resent %d from its"
                            + " journal and sent %d new ones; %d duplicates dropped%n",
                    receivedBeforeKill, fromJournal, sentAfterRestart, second.duplicates());
            assertThat(fromJournal)
                    .as("the journal held at least what the first receiver got")
                    .isGreaterThanOrEqualTo(receivedBeforeKill);

            List<InboundFrame> frames = second.await(count, Duration.ofSeconds(10));
            assertThat(numbers(frames))
                    .isEqualTo(LongStream.rangeClosed(1, count).boxed().toList());
            assertThat(frames).allSatisfy(f -> assertThat(f.producerId()).isEqualTo(PRODUCER));
        }
    }

    /**
     * Another process holds the journal (here: this test JVM holds its lock): the device process
     * does not start, and says why in one line.
     */
    @Test
    void aJournalLockedByAnotherProcessStopsTheDevice() throws Exception {
        Path lockFile = dir.resolve("sensor.journal.lock");
        try (FileChannel ch =
                        FileChannel.open(
                                lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            Process device = device(1, 10, dir.resolve("locked.out"));
            assertThat(device.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(dir.resolve("locked.out"));
            assertThat(device.exitValue()).as(out).isEqualTo(1);
            assertThat(out)
                    .contains("sensor.journal")
                    .contains("in use by another client")
                    .doesNotContain("\tat ");
            assertThat(lock.isValid()).isTrue();
        }
    }

    @Test
    void aJournalWithoutAcknowledgementsIsAnError() {
        StringWriter err = new StringWriter();
        int code =
                new CommandLine(new DeviceSimulator())
                        .setErr(new PrintWriter(err, true))
                        .execute("--count", "1", "--journal", dir.resolve("j").toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--journal needs acknowledgements");
    }
}
