package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.yomo.Ids;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A YoMo source (client type 0x5F) on the final protocol, writing frames as Go's {@code
 * source.Write(tag, data)} does: metadata {@code yomo-source-id} (the client id) and a fresh {@code
 * yomo-tid} per frame. Waits for QUIC flow control instead of buffering without bound.
 */
public final class YomoSourceConnection implements AutoCloseable {

    private final YomoClient client;
    private final String sourceId;
    private final String endpoint;
    private final Duration stallTimeout;
    private final Duration linger;
    private final boolean acknowledged;

    private YomoSourceConnection(
            YomoClient client,
            String sourceId,
            String endpoint,
            Duration stallTimeout,
            Duration linger,
            boolean acknowledged) {
        this.client = client;
        this.acknowledged = acknowledged;
        this.sourceId = sourceId;
        this.endpoint = endpoint;
        this.stallTimeout = stallTimeout;
        this.linger = linger;
    }

    /**
     * Dials {@code host:port} and waits for the handshake to be acknowledged. A zipper that is not
     * up yet is redialled with backoff until {@code connectTimeout}.
     *
     * @param credential {@code name:payload} such as {@code token:secret}, or null
     * @param linger how long {@link #close()} waits at most for the zipper to confirm the last
     *     frames
     */
    public static YomoSourceConnection open(
            String host,
            int port,
            String name,
            String credential,
            Duration connectTimeout,
            Duration stallTimeout,
            Duration linger)
            throws IOException, InterruptedException {
        return open(host, port, name, credential, connectTimeout, stallTimeout, linger, null, null);
    }

    /**
     * As {@link #open(String, int, String, String, Duration, Duration, Duration)}, asking for the
     * acknowledgement extension ({@code yomo-java/ACKS.md}) when {@code acks} is not null: frames
     * are numbered, kept until the receiver says they are durable and resent after a reconnect.
     * With {@link AckOptions#required()} a receiver that does not grant them fails the open.
     *
     * @param idleTimeout the QUIC idle timeout, after which a silent receiver (a killed process
     *     sends no close) counts as gone and is redialled; null for YoMo's 40 s
     */
    public static YomoSourceConnection open(
            String host,
            int port,
            String name,
            String credential,
            Duration connectTimeout,
            Duration stallTimeout,
            Duration linger,
            AckOptions acks,
            Duration idleTimeout)
            throws IOException, InterruptedException {
        String id = Ids.newClientId();
        ClientOptions.Builder builder =
                ClientOptions.builder(host, port, name, ClientType.SOURCE)
                        .id(id)
                        .credential(credential)
                        .acknowledgements(acks);
        if (idleTimeout != null) {
            builder.idleTimeout(idleTimeout); // keep-alive is capped at half of it
        }
        ClientOptions options = builder.build();
        YomoClient client = new YomoClient(options, YomoClientListener.NO_OP);
        String endpoint = host + ":" + port;
        try {
            client.start().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            client.close();
            throw new IOException(
                    "source '"
                            + name
                            + "': no YoMo zipper accepted a connection at "
                            + endpoint
                            + " within "
                            + connectTimeout.toSeconds()
                            + " s",
                    e);
        } catch (ExecutionException e) {
            client.close();
            throw new IOException(
                    "source '"
                            + name
                            + "': connection to "
                            + endpoint
                            + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            client.close();
            throw e;
        }
        return new YomoSourceConnection(client, id, endpoint, stallTimeout, linger, acks != null);
    }

    /** The client id, carried as {@code yomo-source-id} on every frame. */
    public String sourceId() {
        return sourceId;
    }

    /**
     * Sends one frame; blocks while the zipper pushes back or the client reconnects, and fails once
     * that lasts longer than the stall timeout.
     */
    public void write(long tag, byte[] payload) throws IOException, InterruptedException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(MetadataKeys.SOURCE_ID, sourceId);
        metadata.put(MetadataKeys.TID, Ids.newClientId());
        DataFrame frame = new DataFrame(tag, MetadataCodec.encode(metadata), payload);
        if (acknowledged) {
            writeAcknowledged(frame);
            return;
        }
        // a connection lost between the check and the send is retried once after the reconnect
        for (int attempt = 0; ; attempt++) {
            if (!client.awaitWritable(stallTimeout)) {
                throw new IOException(
                        "zipper at "
                                + endpoint
                                + " accepted no frames for "
                                + stallTimeout.toSeconds()
                                + " s (client "
                                + client.state()
                                + (client.lastCloseReason() == null
                                        ? ""
                                        : ", " + client.lastCloseReason())
                                + ")");
            }
            try {
                client.send(frame);
                return;
            } catch (IllegalStateException e) {
                if (attempt > 0) {
                    throw new IOException(
                            "zipper at " + endpoint + " dropped the connection twice while sending",
                            e);
                }
            }
        }
    }

    /**
     * With acknowledgements the client takes the frame even while it reconnects (it is resent after
     * the handshake) and blocks only while its buffer of unacknowledged frames is full; so a
     * receiver that restarts does not fail the run.
     */
    private void writeAcknowledged(DataFrame frame) throws IOException {
        try {
            client.write(frame);
            client.flush();
        } catch (IllegalStateException e) {
            throw new IOException(
                    "connection to "
                            + endpoint
                            + " stopped ("
                            + (client.lastCloseReason() == null
                                    ? client.state()
                                    : client.lastCloseReason())
                            + ")",
                    e);
        }
    }

    /** Whether the receiver granted acknowledgements (false without them). */
    public boolean acknowledgementsGranted() {
        return client.acknowledgementsGranted();
    }

    /** The sequence of the last frame written; 0 without acknowledgements. */
    public long lastSequence() {
        return client.lastSequence();
    }

    /** The highest sequence the receiver acknowledged as durable; 0 without acknowledgements. */
    public long durableSequence() {
        return client.durableSequence();
    }

    /** Waits until every frame written so far is durable; false on timeout or without acks. */
    public boolean awaitDurable(Duration timeout) throws InterruptedException {
        return acknowledged && client.awaitDurable(client.lastSequence(), timeout);
    }

    /**
     * Ends the stream after the last frame and closes once the zipper confirms it read everything
     * ({@link YomoClient#closeGracefully}), waiting at most the linger time; a plain close would
     * discard stream data QUIC has not delivered yet, as Go's {@code source.Close()} does.
     */
    @Override
    public void close() throws InterruptedException {
        if (linger.isZero()) {
            client.close();
        } else {
            client.closeGracefully(linger);
        }
    }
}
