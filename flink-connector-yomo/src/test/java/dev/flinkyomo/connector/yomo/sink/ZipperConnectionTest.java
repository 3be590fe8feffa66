package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink writer's end of input: every frame reaches the zipper, and closing takes no fixed
 * linger.
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
                            Duration.ofSeconds(10));
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
}
