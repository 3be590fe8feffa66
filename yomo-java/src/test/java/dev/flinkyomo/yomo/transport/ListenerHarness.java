package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener on 127.0.0.1 with an ephemeral port, its queue and counters. */
final class ListenerHarness implements AutoCloseable {

    final BoundedFrameQueue<InboundFrame> queue;
    final CountingMetrics metrics = new CountingMetrics();
    final YomoListener listener;
    final InetSocketAddress address;

    ListenerHarness(int queueCapacity, UnaryOperator<ListenerOptions.Builder> options)
            throws InterruptedException {
        this(new BoundedFrameQueue<>(queueCapacity), options);
    }

    ListenerHarness(
            BoundedFrameQueue<InboundFrame> queue, UnaryOperator<ListenerOptions.Builder> options)
            throws InterruptedException {
        this(queue, options, null);
    }

    /** A listener granting acknowledgements with these positions (null: never). */
    ListenerHarness(
            BoundedFrameQueue<InboundFrame> queue,
            UnaryOperator<ListenerOptions.Builder> options,
            ProducerPositions positions)
            throws InterruptedException {
        this.queue = queue;
        ListenerOptions o =
                options.apply(
                                ListenerOptions.builder()
                                        .name("test-listener")
                                        .host("127.0.0.1")
                                        .port(0)
                                        .tls(TlsOptions.INSECURE_DEFAULT))
                        .build();
        listener = new YomoListener(o, queue, metrics, positions);
        address = listener.start();
    }

    /** A listener granting acknowledgements with these positions on {@code port} (0: any). */
    static ListenerHarness acking(ProducerPositions positions, int port)
            throws InterruptedException {
        return new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b.port(port), positions);
    }

    ListenerHarness() throws InterruptedException {
        this(10_000, b -> b);
    }

    ClientOptions.Builder client(String name) {
        return ClientOptions.builder("127.0.0.1", address.getPort(), name, ClientType.SOURCE)
                .tls(TlsOptions.INSECURE_DEFAULT)
                .udpBufferSize(0);
    }

    /** A client named "sensor" with these acknowledgements, redialling quickly. */
    YomoClient ackingClient(AckOptions acks) {
        return new YomoClient(
                client("sensor")
                        .acknowledgements(acks)
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                        .build(),
                YomoClientListener.NO_OP);
    }

    /** Drains until {@code n} frames arrived or the timeout passed. */
    List<InboundFrame> take(int n, Duration timeout) throws InterruptedException {
        List<InboundFrame> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            queue.drainTo(out, n - out.size(), Duration.ofMillis(50));
        }
        return out;
    }

    /** Sends one data frame (tag 0x21) through the connected client; it must arrive within 10 s. */
    void assertDelivers(YomoClient client, String payload) throws InterruptedException {
        client.send(new DataFrame(0x21, new byte[0], payload.getBytes(StandardCharsets.UTF_8)));
        List<InboundFrame> got = take(1, Duration.ofSeconds(10));
        assertThat(got).as("frames that arrived from the client").hasSize(1);
        assertThat(new String(got.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
    }

    @Override
    public void close() {
        listener.close();
    }
}
