package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link YomoClient#closeGracefully}: nothing written is lost, and the close is not a fixed linger.
 */
class YomoClientCloseTest {

    /**
     * 200 frames of 1 KB. With a plain close() right after the writes only 11 of 300 (and of 1000)
     * frames arrived in a trial run: the rest was still queued or in flight.
     */
    private static final int FRAMES = 200;

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void closeGracefullyDeliversEveryFrameWrittenAndReturnsWellUnderASecond() throws Exception {
        try (ListenerHarness h = new ListenerHarness(FRAMES + 10, b -> b)) {
            YomoClient client =
                    new YomoClient(h.client("graceful").build(), YomoClientListener.NO_OP);
            client.start().get(10, TimeUnit.SECONDS);
            byte[] padding = new byte[1000];
            Arrays.fill(padding, (byte) 'x');
            for (int i = 0; i < FRAMES; i++) {
                client.write(frame(i, padding));
            }

            long t0 = System.nanoTime();
            boolean confirmed = client.closeGracefully(Duration.ofSeconds(10));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(confirmed).as("the listener answered the FIN").isTrue();
            assertThat(client.state()).isEqualTo(YomoClient.State.CLOSED);
            assertThat(tookMs).as("close time, not a fixed linger").isLessThan(600);
            List<InboundFrame> got = h.take(FRAMES, WAIT);
            assertThat(got).hasSize(FRAMES);
            for (int i = 0; i < FRAMES; i++) {
                assertThat(seqOf(got.get(i))).isEqualTo(i);
            }
        }
    }

    @Test
    void closeGracefullyIsBoundedWhenThePeerStopsReading() throws Exception {
        // a queue of one: the listener stops reading, so the FIN is never read and never answered
        try (ListenerHarness h = new ListenerHarness(1, b -> b)) {
            YomoClient client =
                    new YomoClient(h.client("stalled").build(), YomoClientListener.NO_OP);
            client.start().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                client.write(frame(i, new byte[0]));
            }
            long t0 = System.nanoTime();
            boolean confirmed = client.closeGracefully(Duration.ofMillis(300));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(confirmed).isFalse();
            assertThat(tookMs).isBetween(300L, 3_000L);
            assertThat(client.state()).isEqualTo(YomoClient.State.CLOSED);
        }
    }

    @Test
    void closeGracefullyOfAClientThatNeverConnectedReturnsAtOnce() throws Exception {
        YomoClient client =
                new YomoClient(
                        ClientOptions.builder("127.0.0.1", 9, "nowhere", ClientType.SOURCE)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .udpBufferSize(0)
                                .build(),
                        YomoClientListener.NO_OP);
        long t0 = System.nanoTime();
        assertThat(client.closeGracefully(Duration.ofSeconds(5))).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
    }

    private static DataFrame frame(int seq, byte[] padding) {
        byte[] head = (seq + ":").getBytes(StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOf(head, head.length + padding.length);
        System.arraycopy(padding, 0, payload, head.length, padding.length);
        return new DataFrame(0x21, new byte[0], payload);
    }

    private static int seqOf(InboundFrame f) {
        String s = new String(f.payload(), StandardCharsets.UTF_8);
        return Integer.parseInt(s.substring(0, s.indexOf(':')));
    }
}
