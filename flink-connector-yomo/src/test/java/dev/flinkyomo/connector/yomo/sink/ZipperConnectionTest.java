package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sink writer's connection: at the end of input every frame reaches the zipper and closing
 * takes no fixed linger; the outage policies decide what a write does while no zipper answers.
 */
class ZipperConnectionTest {

    private static final int FRAMES = 500;

    @Test
    void endOfInputCloseDeliversEveryFrameWithoutLingering() throws Exception {
        try (TestListener zipper = new TestListener()) {
            ZipperConnection connection =
                    new ZipperConnection(
                            ClientOptions.builder(
                                            "127.0.0.1", zipper.port, "sink-end", ClientType.SOURCE)
                                    .tls(TlsOptions.INSECURE_DEFAULT)
                                    .udpBufferSize(0)
                                    .build(),
                            Duration.ofSeconds(10),
                            OutagePolicy.BLOCK);
            connection.start();
            for (int i = 0; i < FRAMES; i++) {
                connection.write(
                        new DataFrame(
                                0x34, new byte[0], ("r-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            connection.flushAndAwaitWritable(); // what SinkWriter#flush(endOfInput=true) does

            long t0 = System.nanoTime();
            connection.close(YomoSink.builder().endOfInputLinger); // the default bound, 1 s
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(tookMs)
                    .as("closed once the zipper read the last frame, not after the 1 s bound")
                    .isLessThan(600);
            List<InboundFrame> got = zipper.take(FRAMES, Duration.ofSeconds(15));
            assertThat(got).hasSize(FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                assertThat(new String(got.get(i).payload(), StandardCharsets.UTF_8))
                        .isEqualTo("r-" + i);
            }
            assertThat(zipper.takeRest(Duration.ofMillis(100))).isEmpty();
        }
    }

    private static ClientOptions nowhere() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort(); // closed again: nobody answers there
        }
        return ClientOptions.builder("127.0.0.1", port, "sink-nowhere", ClientType.SOURCE)
                .tls(TlsOptions.INSECURE_DEFAULT)
                .udpBufferSize(0)
                .handshakeTimeout(Duration.ofMillis(200))
                .build();
    }

    @Test
    void dropWritesReturnAtOnceWhileNoZipperAnswers() throws Exception {
        try (ZipperConnection connection =
                new ZipperConnection(nowhere(), Duration.ofMillis(300), OutagePolicy.DROP)) {
            connection.start(); // waits up to the write timeout for a first connection
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThat(connection.write(new DataFrame(0x34, new byte[0], new byte[] {1})))
                        .isFalse();
            }
            connection.flushAndAwaitWritable(); // a checkpoint does not fail either
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
            assertThat(connection.outageReason()).doesNotContain("CONNECTED)");
        }
    }

    /**
     * A peer that comes up after the writer opened (and after its open-time wait): the first record
     * waits once for the dial under way instead of being dropped; it failed before, dropped.
     */
    @Test
    void dropsFirstRecordWaitsOnceForAZipperThatCameUpAfterTheWriterOpened() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        ClientOptions late =
                ClientOptions.builder("127.0.0.1", port, "sink-late", ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .handshakeTimeout(Duration.ofMillis(300))
                        .backoff(Duration.ofMillis(100), Duration.ofMillis(200))
                        .build();
        try (ZipperConnection connection =
                new ZipperConnection(late, Duration.ofSeconds(3), OutagePolicy.DROP)) {
            connection.start(); // the writer's open: no zipper yet, it gives up after its wait
            try (TestListener zipper = new TestListener(100, b -> b.port(port))) {
                assertThat(
                                connection.write(
                                        new DataFrame(
                                                0x34,
                                                new byte[0],
                                                "first".getBytes(StandardCharsets.UTF_8))))
                        .as("the first record waited for the dial under way")
                        .isTrue();
                connection.flushAndAwaitWritable();
                assertThat(zipper.take(1, Duration.ofSeconds(5))).hasSize(1);
            }
        }
    }

    @Test
    void blockWritesFailAfterTheWriteTimeoutWhileNoZipperAnswers() throws Exception {
        try (ZipperConnection connection =
                new ZipperConnection(nowhere(), Duration.ofMillis(300), OutagePolicy.BLOCK)) {
            connection.start();
            assertThatThrownBy(
                            () -> connection.write(new DataFrame(0x34, new byte[0], new byte[1])))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("within the write timeout of 300 ms");
        }
    }
}
