package dev.flinkyomo.yomo.readme;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of yomo-java's README, run as it is printed there: the code between the README
 * markers below must appear verbatim in README.md, so the README cannot drift from code that runs.
 * Uses only the public API, from a package of its own.
 */
class ReadmeExampleTest {

    private static final Path README = Path.of("README.md");
    private static final Path SOURCE =
            Path.of("src/test/java/dev/flinkyomo/yomo/readme/ReadmeExampleTest.java");

    @Test
    void aSourceClientWritesFramesAndAListenerReceivesThem() throws Exception {
        List<String> received = new ArrayList<>();
        // README:begin
        // a zipper-side listener: frames land in a bounded queue (full = QUIC backpressure)
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(10_000);
        ListenerOptions listenerOptions =
                ListenerOptions.builder()
                        .host("127.0.0.1")
                        .port(0) // 0: any free port; YoMo's default is 9000
                        .tls(TlsOptions.INSECURE_DEFAULT) // self-signed, as YoMo's default
                        .build();
        try (YomoListener listener =
                new YomoListener(listenerOptions, queue, ListenerMetrics.NO_OP)) {
            InetSocketAddress address = listener.start();

            // a YoMo source writing three frames with tag 0x33
            ClientOptions clientOptions =
                    ClientOptions.builder(
                                    "127.0.0.1", address.getPort(), "my-source", ClientType.SOURCE)
                            .tls(TlsOptions.INSECURE_DEFAULT) // trust the self-signed certificate
                            .build();
            try (YomoClient source = new YomoClient(clientOptions, YomoClientListener.NO_OP)) {
                source.start().get(10, TimeUnit.SECONDS); // the handshake was acknowledged
                for (int i = 0; i < 3; i++) {
                    byte[] payload = ("reading " + i).getBytes(StandardCharsets.UTF_8);
                    source.write(new DataFrame(0x33, new byte[0], payload));
                }
                source.closeGracefully(Duration.ofSeconds(5)); // flush, FIN, wait for the peer
            }

            List<InboundFrame> frames = new ArrayList<>();
            while (frames.size() < 3) {
                queue.drainTo(frames, 100, Duration.ofMillis(100));
            }
            for (InboundFrame f : frames) {
                String text = new String(f.payload(), StandardCharsets.UTF_8);
                received.add(text); // "reading 0", "reading 1", "reading 2"
            }
        }
        // README:end
        assertThat(received).containsExactly("reading 0", "reading 1", "reading 2");
    }

    @Test
    void theReadmeShowsTheExampleAsItRuns() throws Exception {
        String readme = Files.readString(README);
        assertThat(readme).contains(exampleAsPrinted());
    }

    /** The lines between the markers, with the method body's indentation taken off. */
    private static String exampleAsPrinted() throws Exception {
        List<String> lines = Files.readAllLines(SOURCE);
        int begin = lines.indexOf("        // README:begin");
        int end = lines.indexOf("        // README:end");
        assertThat(begin).isPositive();
        assertThat(end).isGreaterThan(begin);
        return lines.subList(begin + 1, end).stream()
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
    }
}
