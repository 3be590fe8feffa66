package dev.flinkyomo.benchmarks.connector;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * YoMo sources (the transport's own client, type 0x5F) that each write the same DataFrame as fast
 * as QUIC flow control lets them. Writes are issued in bursts on the client's own event loop (a
 * write from another thread costs a task hand-over per frame, which would cap the offered load far
 * below what the servers can take). With acknowledgements, a full buffer of unacknowledged frames
 * makes the client unwritable like QUIC flow control does, and an Ack makes it writable again.
 */
final class FrameBlaster implements AutoCloseable {

    /** Frames per burst; each burst ends with one flush. */
    private static final int BURST = 256;

    private final List<YomoClient> clients = new ArrayList<>();
    private volatile boolean running = true;

    FrameBlaster(int port, int clientCount, int payloadBytes) throws Exception {
        this(port, clientCount, payloadBytes, c -> null);
    }

    /**
     * @param acks the acknowledgement options of client {@code c}, or null for a stock client
     */
    FrameBlaster(int port, int clientCount, int payloadBytes, IntFunction<AckOptions> acks)
            throws Exception {
        DataFrame frame =
                new DataFrame(
                        0x33,
                        MetadataCodec.encode(
                                Map.of("yomo-tid", "tid-0123456789", "yomo-source-id", "bench")),
                        new byte[payloadBytes]);
        for (int c = 0; c < clientCount; c++) {
            ClientOptions options =
                    ClientOptions.builder("127.0.0.1", port, "bench-" + c, ClientType.SOURCE)
                            .tls(TlsOptions.INSECURE_DEFAULT)
                            .reconnect(false)
                            .acknowledgements(acks.apply(c))
                            .build();
            YomoClient[] self = new YomoClient[1];
            YomoClient client =
                    new YomoClient(
                            options,
                            new YomoClientListener() {
                                @Override
                                public void onConnected(String endpoint) {
                                    // called on the client's event loop: keep the bursts there
                                    EventExecutor loop = ThreadExecutorMap.currentExecutor();
                                    loop.execute(() -> burst(self[0], frame, loop));
                                }
                            });
            self[0] = client;
            clients.add(client);
            client.start().get(10, TimeUnit.SECONDS);
        }
    }

    private void burst(YomoClient client, DataFrame frame, EventExecutor loop) {
        if (!running || !client.isConnected()) {
            return;
        }
        int n = 0;
        try {
            while (n < BURST && client.isWritable()) {
                client.write(frame);
                n++;
            }
        } catch (IllegalStateException closedMeanwhile) {
            return; // close() raced with this burst: the round is over
        }
        client.flush();
        if (n == 0) {
            // flow control is pushing back: go on when the stream is writable again (polling here
            // would burn the CPU the receiving side needs, more so the slower the receiver)
            client.whenWritable(() -> burst(client, frame, loop));
        } else {
            loop.execute(() -> burst(client, frame, loop));
        }
    }

    @Override
    public void close() {
        running = false;
        clients.forEach(YomoClient::close);
    }
}
