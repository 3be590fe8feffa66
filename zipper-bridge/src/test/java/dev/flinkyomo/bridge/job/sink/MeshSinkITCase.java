package dev.flinkyomo.bridge.job.sink;

import dev.flinkyomo.bridge.config.Credential;
import dev.flinkyomo.bridge.config.MeshPeer;
import dev.flinkyomo.bridge.config.Position;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.connector.yomo.transport.InboundFrame;
import dev.flinkyomo.connector.yomo.transport.ListenerMetrics;
import dev.flinkyomo.connector.yomo.transport.ListenerOptions;
import dev.flinkyomo.connector.yomo.transport.TlsOptions;
import dev.flinkyomo.connector.yomo.transport.YomoListener;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
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

/** Records reach another zipper's listener as frames, through the token auth of the mesh credential. */
class MeshSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void forwardsTagPayloadAndMetadataToThePeer() throws Exception {
        BoundedFrameQueue<InboundFrame> received = new BoundedFrameQueue<>(100);
        YomoListener peer = new YomoListener(ListenerOptions.builder().name("peer").host("127.0.0.1").port(0)
                .authToken("mesh-secret").tls(TlsOptions.INSECURE_DEFAULT).build(), received, ListenerMetrics.NO_OP);
        InetSocketAddress address = peer.start();
        try {
            MeshPeer target = new MeshPeer("far", "127.0.0.1", address.getPort(),
                    Credential.parse("token:mesh-secret"), Position.ofFile("w.yaml"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromData(new YomoRecord(0x34, "a".getBytes(StandardCharsets.UTF_8), Map.of(YomoRecord.META_TID, "t1")),
                            new YomoRecord(0x35, "b".getBytes(StandardCharsets.UTF_8), Map.of(YomoRecord.META_TID, "t2")))
                    .sinkTo(new MeshSink("near", target));
            env.execute("mesh");

            List<InboundFrame> frames = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (frames.size() < 2 && System.nanoTime() < deadline) {
                received.drainTo(frames, 2 - frames.size(), Duration.ofMillis(100));
            }
            assertThat(frames).extracting(f -> "0x" + Long.toHexString(f.tag()) + " "
                    + new String(f.payload(), StandardCharsets.UTF_8) + " " + f.metadata().get(YomoRecord.META_TID))
                    .containsExactly("0x34 a t1", "0x35 b t2");
            assertThat(frames.get(0).connection().toString()).contains("near");
        } finally {
            peer.close();
        }
    }

    @Test
    void unreachablePeerDoesNotFailTheJob() throws Exception {
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        MeshPeer nobody = new MeshPeer("gone", "127.0.0.1", port, Optional.empty(), Position.ofFile("w.yaml"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(YomoRecord.of(1, new byte[] {1})).sinkTo(new MeshSink("near", nobody));
        long start = System.nanoTime();
        env.execute("mesh to nobody");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
