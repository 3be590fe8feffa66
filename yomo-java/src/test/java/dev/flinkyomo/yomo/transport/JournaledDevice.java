package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A device with a journal in its own JVM, for {@link AckJournalRebootTest} to kill with SIGKILL:
 * {@code <port> <journal> <count>}. It continues after the last sequence its journal holds (as a
 * device numbering its readings would after a reboot), writes {@code p-<sequence>} up to {@code
 * count}, prints {@code started last=<n> durable=<d>} and {@code wrote <count>}, and then waits to
 * be killed.
 */
final class JournaledDevice {

    static final String PRODUCER = "killed-device";

    private JournaledDevice() {}

    static DataFrame frame(long i) {
        return new DataFrame(0x21, new byte[0], ("p-" + i).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path journal = Path.of(args[1]);
        long count = Long.parseLong(args[2]);
        ClientOptions options =
                ClientOptions.builder("127.0.0.1", port, "device", ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                        .acknowledgements(AckOptions.of(PRODUCER).withJournal(journal))
                        .build();
        YomoClient client = new YomoClient(options, YomoClientListener.NO_OP);
        client.start().get(20, TimeUnit.SECONDS);
        System.out.println(
                "started last=" + client.lastSequence() + " durable=" + client.durableSequence());
        System.out.flush();
        for (long i = client.lastSequence() + 1; i <= count; i++) {
            client.write(frame(i));
            client.flush();
            if (i % 4 == 0) {
                Thread.sleep(1); // a device's pace, so that a kill lands mid-stream
            }
        }
        System.out.println("wrote " + count);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
