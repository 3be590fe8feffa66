package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.TlsOptions;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** YomoSink in a MiniCluster job, writing over real QUIC to the transport's own listener. */
class YomoSinkITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    private static <T> YomoSinkBuilder<T> sinkTo(TestListener zipper) {
        return YomoSink.<T>builder()
                .setZipper("127.0.0.1", zipper.port)
                .setClientName("flink-results")
                .setClientId("sink")
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setUdpBufferSize(0);
    }

    /** Results derived from input frames, as a job would emit them. */
    private static List<YomoRecord> derivedResults(int n) {
        List<YomoRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, String> md = new LinkedHashMap<>();
            md.put(MetadataKeys.TID, "tid-" + i);
            md.put(MetadataKeys.SOURCE_ID, "device-7");
            md.put(MetadataKeys.TRACE_ID, "trace-" + i);
            md.put(MetadataKeys.TARGET, "only-for-the-input");
            YomoRecord input = new YomoRecord(0x33, new byte[] {1}, md);
            out.add(input.derive(0x34, ("result-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void yomoRecordsArriveInOrderWithMetadataCarriedForwardLikeCtxWrite() throws Exception {
        int n = 3000;
        try (TestListener zipper = new TestListener()) {
            StreamExecutionEnvironment env = env(1);
            env.fromData(derivedResults(n))
                    .sinkTo(
                            YomoSinkITCase.<YomoRecord>sinkTo(zipper)
                                    .setRecordSerializer(YomoRecordSerializer.yomoRecords())
                                    .build());
            env.execute("yomo-sink-records");

            List<InboundFrame> got = zipper.take(n, WAIT);
            assertThat(got).hasSize(n);
            for (int i = 0; i < n; i++) {
                InboundFrame f = got.get(i);
                assertThat(f.tag()).isEqualTo(0x34);
                assertThat(new String(f.payload(), StandardCharsets.UTF_8))
                        .isEqualTo("result-" + i);
                assertThat(f.metadata())
                        .containsExactlyInAnyOrderEntriesOf(
                                Map.of(
                                        MetadataKeys.TID, "tid-" + i,
                                        MetadataKeys.SOURCE_ID, "device-7",
                                        MetadataKeys.TRACE_ID, "trace-" + i));
            }
            assertThat(got.get(0).connection().clientName()).isEqualTo("flink-results");
            assertThat(got.get(0).connection().clientId()).isEqualTo("sink-0");
            assertThat(got.get(0).connection().clientType()).isEqualTo(ClientType.SOURCE.code());
            assertThat(zipper.takeRest(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void serializationSchemaFramesGetTagTargetAndFreshTransactionIdsFromTwoSubtasks()
            throws Exception {
        int n = 400;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add("w" + i);
        }
        try (TestListener zipper = new TestListener()) {
            StreamExecutionEnvironment env = env(2);
            env.fromData(words)
                    .rebalance()
                    .sinkTo(
                            YomoSinkITCase.<String>sinkTo(zipper)
                                    .setTarget("sfn-b")
                                    .setBatching(16, Duration.ofMillis(5))
                                    .setRecordSerializer(
                                            YomoRecordSerializer.of(
                                                    new SimpleStringSchema(),
                                                    w ->
                                                            0x40L
                                                                    + Integer.parseInt(
                                                                                    w.substring(1))
                                                                            % 2))
                                    .build());
            env.execute("yomo-sink-strings");

            List<InboundFrame> got = zipper.take(n, WAIT);
            assertThat(got).hasSize(n);
            Set<String> payloads = new HashSet<>();
            Set<String> tids = new HashSet<>();
            Set<String> clients = new HashSet<>();
            for (InboundFrame f : got) {
                String w = new String(f.payload(), StandardCharsets.UTF_8);
                payloads.add(w);
                assertThat(f.tag()).isEqualTo(0x40L + Integer.parseInt(w.substring(1)) % 2);
                assertThat(f.metadata()).containsEntry(MetadataKeys.TARGET, "sfn-b");
                // a frame without input metadata gets what a YoMo source's Write gives it
                assertThat(f.metadata().get(MetadataKeys.TID)).hasSize(21);
                assertThat(f.metadata().get(MetadataKeys.SOURCE_ID))
                        .isEqualTo(f.connection().clientId());
                tids.add(f.metadata().get(MetadataKeys.TID));
                clients.add(f.connection().clientId());
            }
            assertThat(payloads).containsExactlyInAnyOrderElementsOf(words);
            assertThat(tids).hasSize(n);
            assertThat(clients).containsExactlyInAnyOrder("sink-0", "sink-1");
        }
    }

    /**
     * A record on a tag YoMo reserves is refused alone: a zipper would close the connection for it,
     * so it is not sent, and the records around it are. It used to fail the job.
     */
    @Test
    void aReservedTagIsRefusedPerRecordWhileTheOthersArrive() throws Exception {
        try (TestListener zipper = new TestListener()) {
            StreamExecutionEnvironment env = env(1);
            env.fromData(
                            YomoRecord.of(0x33, "before".getBytes(StandardCharsets.UTF_8)),
                            YomoRecord.of(0xF001, "reserved".getBytes(StandardCharsets.UTF_8)),
                            YomoRecord.of(0x34, "after".getBytes(StandardCharsets.UTF_8)))
                    .sinkTo(
                            YomoSinkITCase.<YomoRecord>sinkTo(zipper)
                                    .setRecordSerializer(YomoRecordSerializer.yomoRecords())
                                    .build());
            env.execute("yomo-sink-reserved-tag");

            List<InboundFrame> got = zipper.take(2, WAIT);
            assertThat(got)
                    .extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                    .containsExactly("before", "after");
            assertThat(zipper.takeRest(Duration.ofMillis(200))).isEmpty();
        }
    }

    /**
     * {@code tls.verify-peer} in the sink: the zipper's certificate (self-signed for "localhost",
     * serving as its own CA) is checked against the host the sink dials. Before the client built
     * its TLS engines with the peer host, every verified handshake failed.
     */
    @Test
    void verifyPeerWithTheZippersCaConnectsByHostName() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost", "EC", 256);
        TlsOptions serverTls =
                new TlsOptions(
                        cert.certificate().getPath(), cert.privateKey().getPath(), null, false);
        try (TestListener zipper = new TestListener(100, b -> b.tls(serverTls))) {
            StreamExecutionEnvironment env = env(1);
            env.fromData("a", "b")
                    .sinkTo(
                            YomoSinkITCase.<String>sinkTo(zipper)
                                    .setZipper("localhost", zipper.port)
                                    .setTls(
                                            new TlsOptions(
                                                    null, null, cert.certificate().getPath(), true))
                                    .setRecordSerializer(
                                            YomoRecordSerializer.of(
                                                    new SimpleStringSchema(),
                                                    TagSelector.fixed(0x10)))
                                    .build());
            env.execute("yomo-sink-verify-peer");

            List<InboundFrame> got = zipper.take(2, WAIT);
            assertThat(got)
                    .extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                    .containsExactly("a", "b");
        } finally {
            cert.delete();
        }
    }

    @Test
    void rejectedHandshakeFailsTheJobNamingTheReason() throws Exception {
        try (TestListener zipper = new TestListener(100, b -> b.authToken("s3cret"))) {
            StreamExecutionEnvironment env = env(1);
            env.fromData("a", "b")
                    .sinkTo(
                            YomoSinkITCase.<String>sinkTo(zipper)
                                    .setCredential("token:wrong")
                                    .setRecordSerializer(
                                            YomoRecordSerializer.of(
                                                    new SimpleStringSchema(),
                                                    TagSelector.fixed(0x10)))
                                    .build());
            assertThatThrownBy(() -> env.execute("yomo-sink-rejected"))
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains("rejected sink client 'flink-results'")
                                            .contains("authentication failed"));
            assertThat(zipper.queue.size()).isZero();
        }
    }

    @Test
    void zipperThatStopsReadingPushesBackInsteadOfBufferingThenTimesOut() throws Exception {
        int capacity = 8;
        byte[] kb = new byte[1024];
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(new String(kb, StandardCharsets.ISO_8859_1));
        }
        try (TestListener zipper = new TestListener(capacity, b -> b.streamWindow(4096))) {
            StreamExecutionEnvironment env = env(1);
            env.fromData(many)
                    .sinkTo(
                            YomoSinkITCase.<String>sinkTo(zipper)
                                    .setWriteTimeout(Duration.ofSeconds(2))
                                    .setRecordSerializer(
                                            YomoRecordSerializer.of(
                                                    new SimpleStringSchema(),
                                                    TagSelector.fixed(0x10)))
                                    .build());
            long start = System.nanoTime();
            assertThatThrownBy(() -> env.execute("yomo-sink-backpressure"))
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains(
                                                    "granted no flow-control credit to sink client 'flink-results' for 2000 ms"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
            // the listener stopped at its queue capacity; the rest waited in Flink, not in memory
            assertThat(zipper.queue.highWaterMark()).isEqualTo(capacity);
        }
    }
}
