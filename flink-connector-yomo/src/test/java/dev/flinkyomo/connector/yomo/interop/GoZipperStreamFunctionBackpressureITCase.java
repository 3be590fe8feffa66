package dev.flinkyomo.connector.yomo.interop;

import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.QueueingClientListener;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connect-mode receive path under backpressure, against the Go zipper: a stream-function client
 * whose bounded queue is not drained stops reading, QUIC flow control stalls the zipper's routing
 * and so the Go source; once drained, every frame arrives, in order, none dropped.
 */
class GoZipperStreamFunctionBackpressureITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    @Timeout(60)
    void fullQueueStallsTheZipperAndLosesNothing() throws Exception {
        int n = 6000;
        int payloadSize = 4096; // 24 MiB in all: well beyond the client's 8 MiB stream window
        int capacity = 8;
        AtomicInteger pauses = new AtomicInteger();
        ListenerMetrics metrics =
                new ListenerMetrics() {
                    @Override
                    public void readPaused() {
                        pauses.incrementAndGet();
                    }
                };
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(capacity);
        try (YomoPeerProcess zipper = YomoPeerProcess.startZipper("--timeout", "50s");
                YomoClient sfn =
                        new YomoClient(
                                ClientOptions.builder(
                                                "127.0.0.1",
                                                port(zipper),
                                                "bp-sfn",
                                                ClientType.STREAM_FUNCTION)
                                        .observeDataTags(List.of(0x33L))
                                        .tls(TlsOptions.INSECURE_DEFAULT)
                                        .reconnect(false)
                                        .build(),
                                new QueueingClientListener(queue, metrics))) {
            sfn.start().get(10, TimeUnit.SECONDS);
            zipper.awaitEvent("connected", TIMEOUT);
            try (YomoPeerProcess source =
                    YomoPeerProcess.start(
                            "source",
                            "--addr",
                            zipper.listenAddress(),
                            "--id",
                            "bp",
                            "--tag",
                            "0x33",
                            "--count",
                            String.valueOf(n),
                            "--payload-size",
                            String.valueOf(payloadSize),
                            "--timeout",
                            "45s")) {
                // nothing is drained yet: the queue fills and the client pauses
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (pauses.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(pauses.get()).as("read pauses").isPositive();
                // an observation window, not a synchronisation: without backpressure the whole
                // transfer would be done well within it
                Thread.sleep(2000);
                assertThat(queue.size()).isEqualTo(capacity);
                assertThat(source.isAlive())
                        .as("the Go source must be stalled, not finished" + source.describe())
                        .isTrue();
                assertThat(zipper.events("data").size())
                        .as("frames the zipper took in while stalled")
                        .isLessThan(n);

                List<InboundFrame> got = new ArrayList<>(n);
                while (got.size() < n && System.nanoTime() < deadline + TIMEOUT.toNanos()) {
                    queue.drainTo(got, 256, Duration.ofMillis(100));
                }
                assertThat(source.awaitExit(TIMEOUT))
                        .as("source exit code" + source.describe())
                        .isZero();
                assertThat(got).hasSize(n);
                for (int i = 0; i < n; i++) {
                    String payload = new String(got.get(i).payload(), StandardCharsets.UTF_8);
                    assertThat(payload)
                            .as("frame %d", i)
                            .startsWith("frame-" + i + ".")
                            .hasSize(payloadSize);
                    assertThat(got.get(i).metadata()).containsEntry("yomo-tid", "bp-" + i);
                }
                assertThat(queue.highWaterMark()).isLessThanOrEqualTo(capacity);
            }
        }
    }

    private static int port(YomoPeerProcess zipper) {
        String addr = zipper.listenAddress();
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }
}
