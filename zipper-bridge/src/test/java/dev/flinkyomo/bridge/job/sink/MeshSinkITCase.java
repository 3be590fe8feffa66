package dev.flinkyomo.bridge.job.sink;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.bridge.config.Position;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Credential;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records reach another zipper's listener as frames, through the token auth of the mesh credential.
 */
class MeshSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void forwardsTagPayloadAndMetadataToThePeer() throws Exception {
        BoundedFrameQueue<InboundFrame> received = new BoundedFrameQueue<>(100);
        YomoListener peer = peerListener("peer", received);
        try {
            MeshPeer target = meshPeer(peer.start());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromData(
                            new YomoRecord(
                                    0x34,
                                    "a".getBytes(StandardCharsets.UTF_8),
                                    Map.of(MetadataKeys.TID, "t1")),
                            new YomoRecord(
                                    0x35,
                                    "b".getBytes(StandardCharsets.UTF_8),
                                    Map.of(MetadataKeys.TID, "t2")))
                    .sinkTo(MeshSink.to("near", target));
            env.execute("mesh");

            List<InboundFrame> frames = await(received, 2);
            assertThat(frames)
                    .extracting(
                            f ->
                                    "0x"
                                            + Long.toHexString(f.tag())
                                            + " "
                                            + new String(f.payload(), StandardCharsets.UTF_8)
                                            + " "
                                            + f.metadata().get(MetadataKeys.TID))
                    .containsExactly("0x34 a t1", "0x35 b t2");
            assertThat(frames.get(0).connection().toString()).contains("near");
        } finally {
            peer.close();
        }
    }

    /**
     * The other zipper: a listener requiring the mesh token, putting what it receives into {@code
     * received}.
     */
    private static YomoListener peerListener(
            String name, BoundedFrameQueue<InboundFrame> received) {
        return new YomoListener(
                ListenerOptions.builder()
                        .name(name)
                        .host("127.0.0.1")
                        .port(0)
                        .authToken("mesh-secret")
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .build(),
                received,
                ListenerMetrics.NO_OP);
    }

    private static MeshPeer meshPeer(InetSocketAddress address) {
        return new MeshPeer(
                "far",
                "127.0.0.1",
                address.getPort(),
                Credential.parse("token:mesh-secret"),
                Position.ofFile("w.yaml"));
    }

    /** Up to {@code n} received frames, waiting at most 20 s for them. */
    private static List<InboundFrame> await(BoundedFrameQueue<InboundFrame> received, int n)
            throws InterruptedException {
        List<InboundFrame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (frames.size() < n && System.nanoTime() < deadline) {
            received.drainTo(frames, n - frames.size(), Duration.ofMillis(100));
        }
        return frames;
    }

    /** A one-entry map as msgpack writers other than ours may write it: map16 and str8 headers. */
    private static final byte[] WIRE_METADATA = {
        (byte) 0xDE,
        0,
        1,
        (byte) 0xD9,
        8,
        'y',
        'o',
        'm',
        'o',
        '-',
        't',
        'i',
        'd',
        (byte) 0xD9,
        2,
        't',
        '9'
    };

    @Test
    void recordsNobodyDecodedAreForwardedWithTheirWireMetadataByteForByte() throws Exception {
        BoundedFrameQueue<InboundFrame> received = new BoundedFrameQueue<>(100);
        YomoListener peer = peerListener("peer-wire", received);
        try {
            MeshPeer target = meshPeer(peer.start());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            // made inside the job, as the YoMo source makes them, so no serializer decodes them on
            // the way
            env.fromData("a", "b")
                    .map(
                            s ->
                                    YomoRecord.fromWire(
                                            0x36,
                                            s.getBytes(StandardCharsets.UTF_8),
                                            WIRE_METADATA.clone()))
                    .returns(YomoRecord.class)
                    .sinkTo(MeshSink.to("near", target));
            env.execute("mesh-wire");

            List<InboundFrame> frames = await(received, 2);
            assertThat(frames)
                    .hasSize(2)
                    .allSatisfy(
                            f -> {
                                assertThat(f.encodedMetadata())
                                        .as("forwarded as received, not re-encoded")
                                        .containsExactly(WIRE_METADATA);
                                assertThat(f.metadata())
                                        .containsExactly(Map.entry(MetadataKeys.TID, "t9"));
                            });
        } finally {
            peer.close();
        }
    }

    /**
     * Without checkpointing nothing but the writer's own batching flushes: five small frames at 5/s
     * from a job that keeps running must each reach the peer within the batch delay (plus slack for
     * a loaded machine), not when a checkpoint or the end of input comes.
     */
    @Test
    void slowFramesReachThePeerWithinTheBatchDelayWithoutCheckpoints() throws Exception {
        BoundedFrameQueue<InboundFrame> received = new BoundedFrameQueue<>(100);
        YomoListener peer = peerListener("peer-slow", received);
        JobClient job = null;
        try {
            MeshPeer target = meshPeer(peer.start());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isFalse();
            // an input that never ends, so no end-of-input flush helps either
            env.fromSequence(1, Long.MAX_VALUE)
                    .map(
                            i -> {
                                Thread.sleep(200);
                                byte[] sentAt =
                                        Long.toString(System.currentTimeMillis())
                                                .getBytes(StandardCharsets.UTF_8);
                                return new YomoRecord(
                                        0x37, sentAt, Map.of(MetadataKeys.TID, "s" + i));
                            })
                    .returns(YomoRecord.class)
                    .sinkTo(MeshSink.to("near", target));
            job = env.executeAsync("mesh-slow");

            List<Long> latencies = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (latencies.size() < 5 && System.nanoTime() < deadline) {
                List<InboundFrame> got = new ArrayList<>();
                received.drainTo(got, 5 - latencies.size(), Duration.ofMillis(100));
                for (InboundFrame f : got) {
                    long sentAt = Long.parseLong(new String(f.payload(), StandardCharsets.UTF_8));
                    latencies.add(System.currentTimeMillis() - sentAt);
                }
            }
            assertThat(latencies).as("frames received while the job runs").hasSize(5);
            assertThat(latencies)
                    .allSatisfy(
                            ms ->
                                    assertThat(ms)
                                            .isLessThan(MeshSink.BATCH_DELAY.toMillis() + 1_000));
        } finally {
            if (job != null) {
                job.cancel().get();
            }
            peer.close();
        }
    }

    @Test
    void unreachablePeerDoesNotFailTheJob() throws Exception {
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        MeshPeer nobody =
                new MeshPeer(
                        "gone", "127.0.0.1", port, Optional.empty(), Position.ofFile("w.yaml"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(YomoRecord.of(1, new byte[] {1})).sinkTo(MeshSink.to("near", nobody));
        long start = System.nanoTime();
        env.execute("mesh to nobody");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
