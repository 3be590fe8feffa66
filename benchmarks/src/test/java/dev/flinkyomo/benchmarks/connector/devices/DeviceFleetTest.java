package dev.flinkyomo.benchmarks.connector.devices;

import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's books balance: 200 devices over two sockets (two loopback addresses, so the
 * listener's default per-address cap stays on) do the YoMo handshake against a real listener, and
 * every frame they count as sent is received, from every device. Not timed; a few seconds.
 */
class DeviceFleetTest {

    private static final int DEVICES = 200;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyFrameSentByEveryDeviceIsReceived() throws Exception {
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(100_000);
        ListenerOptions options =
                ListenerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .authToken("secret")
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .build();
        try (YomoListener listener = new YomoListener(options, queue, ListenerMetrics.NO_OP)) {
            InetSocketAddress address = listener.start();
            try (DeviceFleet fleet = new DeviceFleet(address, DEVICES, 100, 2, "token:secret")) {
                assertThat(fleet.sockets()).isEqualTo(2);
                fleet.sending(true);
                fleet.connect(200);
                assertThat(Waits.until(() -> fleet.connected() == DEVICES, 30_000))
                        .as("all connected: %s", fleet.describe())
                        .isNotNegative();
                Thread.sleep(2500); // two to three frames per device
                fleet.sending(false);
                Thread.sleep(200); // a tick in progress ends

                long sent = fleet.sentThisEpoch();
                List<InboundFrame> received = new ArrayList<>();
                BitSet devices = new BitSet();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (received.size() < sent && System.nanoTime() < deadline) {
                    queue.drainTo(received, 10_000, Duration.ofMillis(100));
                }
                received.forEach(f -> devices.set(DevicePayload.device(f.payload())));
                assertThat(sent).isGreaterThanOrEqualTo(2L * DEVICES);
                assertThat(received).hasSize((int) sent);
                assertThat(devices.cardinality()).isEqualTo(DEVICES);
            }
        }
    }
}
