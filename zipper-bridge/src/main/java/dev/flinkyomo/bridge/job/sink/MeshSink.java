package dev.flinkyomo.bridge.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards records to another zipper of the mesh the way a YoMo zipper does: it dials the peer as
 * an upstream zipper (0x5E) with the configured credential, reconnects on its own, and writes
 * without blocking the pipeline on a dead peer. While the peer is unreachable records are dropped,
 * counted in {@code meshRecordsDropped} and logged once per outage (YoMo's non-blocking write);
 * while it is slow, QUIC flow control pushes back for up to {@link #WRITABLE_WAIT}.
 */
public final class MeshSink implements Sink<YomoRecord> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(MeshSink.class);

    static final Duration WRITABLE_WAIT = Duration.ofSeconds(5);
    static final Duration FIRST_CONNECT_WAIT = Duration.ofSeconds(5);

    private final String zipperName;
    private final String peerName;
    private final String host;
    private final int port;
    private final String credential;

    public MeshSink(String zipperName, MeshPeer peer) {
        this.zipperName = zipperName;
        this.peerName = peer.name();
        this.host = peer.host();
        this.port = peer.port();
        this.credential = peer.credential().map(c -> c.authName() + ":" + c.payload()).orElse(null);
    }

    @Override
    public SinkWriter<YomoRecord> createWriter(WriterInitContext context) throws IOException {
        ClientOptions.Builder options =
                ClientOptions.builder(host, port, zipperName, ClientType.UPSTREAM_ZIPPER)
                        .reconnect(true);
        if (credential != null) {
            options.credential(credential);
        }
        Writer writer =
                new Writer(
                        peerName,
                        context.metricGroup().counter("meshRecordsSent"),
                        context.metricGroup().counter("meshRecordsDropped"));
        writer.client = new YomoClient(options.build(), writer);
        try {
            // Give the peer a moment so the first records are not lost to the dial, but never let a
            // peer that is down stop the job: it keeps dialling in the background.
            writer.client.start().get(FIRST_CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the mesh client for " + peerName, e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "Mesh peer {} at {}:{} not connected yet ({}); records are dropped until it is",
                    peerName,
                    host,
                    port,
                    e instanceof TimeoutException
                            ? "no answer within " + FIRST_CONNECT_WAIT.toSeconds() + " s"
                            : e.getCause());
        }
        return writer;
    }

    private static final class Writer implements SinkWriter<YomoRecord>, YomoClientListener {
        private final String peer;
        private final Counter sent;
        private final Counter dropped;
        private YomoClient client;
        private volatile boolean reportedOutage;

        Writer(String peer, Counter sent, Counter dropped) {
            this.peer = peer;
            this.sent = sent;
            this.dropped = dropped;
        }

        @Override
        public void write(YomoRecord record, Context context) throws InterruptedException {
            if (!client.isConnected()
                    || (!client.isWritable() && !client.awaitWritable(WRITABLE_WAIT))) {
                dropped.inc();
                if (!reportedOutage) {
                    reportedOutage = true;
                    LOG.warn(
                            "Mesh peer {} is not reachable ({}); dropping records until it is back",
                            peer,
                            client.state());
                }
                return;
            }
            try {
                // a record nobody decoded carries its wire metadata unchanged: forward those bytes
                byte[] md = record.undecodedMetadata();
                if (md == null) {
                    md = MetadataCodec.encode(record.metadataView());
                }
                client.write(new DataFrame(record.getTag(), md, record.getPayload()));
                sent.inc();
            } catch (IllegalStateException e) {
                dropped.inc(); // the connection went away between the check and the write
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            client.flush();
        }

        @Override
        public void close() {
            client.flush();
            client.close();
        }

        @Override
        public void onConnected(String endpoint) {
            reportedOutage = false;
            LOG.info("Mesh peer {} connected at {}", peer, endpoint);
        }

        @Override
        public void onRejected(String reason) {
            LOG.error(
                    "Mesh peer {} rejected this zipper: {}; its records are dropped", peer, reason);
        }
    }
}
