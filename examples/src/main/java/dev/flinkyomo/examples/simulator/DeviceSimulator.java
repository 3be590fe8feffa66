package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.cli.CliConverters;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.JournalSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A device sending numbered readings (payload {@code 1}, {@code 2}, ... in decimal) at a fixed
 * rate, with or without YoMo acknowledgements ({@code yomo-java/ACKS.md}). At the end it prints
 * {@code sent N, acknowledged M}, M being how many of its frames the receiver acknowledged as
 * durable (for a flink-yomo listener with {@code 'scan.acknowledgements' = 'on-checkpoint'}: in a
 * completed checkpoint).
 */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = {
            "Sends numbered readings (payload: the reading number 1..N in decimal) at a fixed rate"
                    + " and prints 'sent N, acknowledged M' at the end.",
            "With --acks or --producer-id it asks for YoMo acknowledgements: frames are kept until"
                    + " the receiver (a flink-yomo listener with 'scan.acknowledgements' ="
                    + " 'on-checkpoint') says they are durable, and resent after reconnects.",
            "Exit code 1 when --acks is given and not every reading was acknowledged within"
                    + " --wait-durable."
        })
public final class DeviceSimulator extends SimulatorCommand {

    @Option(names = "--host", description = "Receiver host; overrides the host of --zipper")
    String host;

    @Option(names = "--port", description = "Receiver port; overrides the port of --zipper")
    Integer port;

    @Option(
            names = "--name",
            defaultValue = "device",
            description = "Source name (default ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = "--tag",
            defaultValue = "0x33",
            converter = CliConverters.TagConverter.class,
            description = "Data tag (default ${DEFAULT-VALUE})")
    long tag;

    @Option(
            names = "--rate",
            defaultValue = "100",
            paramLabel = "PER_SECOND",
            description = "Readings per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--producer-id",
            paramLabel = "ID",
            description =
                    "Ask for acknowledgements under this producer id, which must stay the same"
                            + " across runs of this device (default with --acks: the --name)."
                            + " Without --acks a receiver that does not grant them is used"
                            + " at-most-once, with a warning")
    String producerId;

    @Option(
            names = "--acks",
            description =
                    "Require acknowledgements: fail when the receiver does not grant them, and exit"
                            + " 1 unless every reading is acknowledged within --wait-durable")
    boolean requireAcks;

    @Option(
            names = "--journal",
            paramLabel = "FILE",
            description =
                    "With acknowledgements: journal the unacknowledged readings to FILE, so that"
                            + " the device restarted after a kill or a reboot resends them and"
                            + " continues after the last reading it numbered (--count is then the"
                            + " total across runs). One device at a time per file")
    Path journal;

    @Option(
            names = "--journal-sync",
            paramLabel = "MODE",
            defaultValue = "OS_BUFFERED",
            description =
                    "OS_BUFFERED (survives a kill of the device process or an orderly reboot)"
                            + " or EVERY_WRITE (fsync per reading, also survives a power cut;"
                            + " slow) (default ${DEFAULT-VALUE})")
    JournalSync journalSync;

    @Option(
            names = "--wait-durable",
            paramLabel = "D",
            defaultValue = "30s",
            converter = DurationOrZero.class,
            description =
                    "With acknowledgements: how long to wait after the last reading for all to be"
                            + " acknowledged, e.g. 30s; 0 does not wait (default ${DEFAULT-VALUE})")
    Duration waitDurable;

    @Option(
            names = "--idle-timeout",
            paramLabel = "D",
            defaultValue = "40s",
            converter = CliConverters.DurationConverter.class,
            description =
                    "QUIC idle timeout: a receiver silent this long counts as gone and is"
                            + " redialled; a killed receiver sends no close, so a short one (e.g."
                            + " 3s) reconnects sooner after a TaskManager is killed (default"
                            + " ${DEFAULT-VALUE}, YoMo's)")
    Duration idleTimeout;

    @Override
    CliConverters.Endpoint endpoint() {
        if (port != null && (port < 1 || port > 65_535)) {
            throw new IllegalArgumentException("--port must be 1..65535, got " + port);
        }
        return new CliConverters.Endpoint(
                host != null ? host : zipper.host(), port != null ? port : zipper.port());
    }

    @Override
    SimulatedSource.Builder device() {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a positive number, got " + rate);
        }
        SimulatedSource.Builder b =
                SimulatedSource.builder(name, tag, new NumberedGenerator())
                        .interval(Duration.ofNanos(Math.max(1, Math.round(1e9 / rate))))
                        .idleTimeout(idleTimeout);
        AckOptions acks = ackOptions();
        if (acks != null) {
            b.acknowledgements(acks).durableTimeout(waitDurable);
        }
        return b;
    }

    AckOptions ackOptions() {
        if (!requireAcks && producerId == null) {
            if (journal != null) {
                throw new IllegalArgumentException(
                        "--journal needs acknowledgements (--acks or --producer-id)");
            }
            return null;
        }
        return AckOptions.of(producerId != null ? producerId : name)
                .withRequired(requireAcks)
                .withJournal(journal)
                .withJournalSync(journalSync);
    }

    @Override
    int report(SimulatedSource source, long sent) {
        SimulatedSource.Acknowledgements a = source.acknowledgements();
        PrintWriter out = spec.commandLine().getOut();
        out.println("sent " + sent + ", acknowledged " + a.acknowledged());
        out.flush();
        if (requireAcks && a.acknowledged() < sent) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(
                    name
                            + ": "
                            + (sent - a.acknowledged())
                            + " of "
                            + sent
                            + " readings not acknowledged within "
                            + waitDurable.toMillis()
                            + " ms (sequences "
                            + a.firstSequence()
                            + ".."
                            + a.lastSequence()
                            + ", durable up to "
                            + a.durable()
                            + ")");
            err.flush();
            return 1;
        }
        return 0;
    }

    /** A duration, or {@code 0} for none. */
    public static final class DurationOrZero implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return value.trim().equals("0")
                    ? Duration.ZERO
                    : new CliConverters.DurationConverter().convert(value);
        }
    }

    public static void main(String[] args) {
        main(new DeviceSimulator(), args);
    }
}
