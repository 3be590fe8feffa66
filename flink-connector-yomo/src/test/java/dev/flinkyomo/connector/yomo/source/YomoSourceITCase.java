package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A job with YomoSource on a MiniCluster receives frames from this module's QUIC client. */
class YomoSourceITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    /** Sends {@code n} frames to the listener of one subtask once it has bound. */
    private static CompletableFuture<InetSocketAddress> sendWhenBound(
            String listener, int subtask, int n, String prefix) {
        return YomoListenerRegistry.addressOf(listener, subtask)
                .thenApplyAsync(
                        address -> {
                            try (YomoClient client =
                                    new YomoClient(
                                            clientOptions(address, prefix),
                                            YomoClientListener.NO_OP)) {
                                client.start().get(20, TimeUnit.SECONDS);
                                for (int i = 0; i < n; i++) {
                                    Map<String, String> md =
                                            Map.of(
                                                    MetadataKeys.TID,
                                                    prefix + "-tid-" + i,
                                                    MetadataKeys.SOURCE_ID,
                                                    prefix);
                                    client.write(
                                            new DataFrame(
                                                    0x33 + subtask,
                                                    MetadataCodec.encode(md),
                                                    (prefix + "-" + i)
                                                            .getBytes(StandardCharsets.UTF_8)));
                                }
                                client.flush();
                                // the job cancels the source after the last record; keep the
                                // connection until then
                                client.awaitWritable(java.time.Duration.ofSeconds(20));
                                Thread.sleep(200);
                                return address;
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        java.util.concurrent.Executors.newSingleThreadExecutor());
    }

    private static ClientOptions clientOptions(InetSocketAddress address, String name) {
        return ClientOptions.builder("127.0.0.1", address.getPort(), name, ClientType.SOURCE)
                .id(name + "-id")
                .tls(TlsOptions.INSECURE_DEFAULT)
                .udpBufferSize(0)
                .build();
    }

    private static YomoListenerSourceBuilder<YomoRecord> source(String name) {
        return YomoSource.listener()
                .setListenerName(name)
                .setHost("127.0.0.1")
                .setPort(0)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setUdpBufferSize(0);
    }

    @Test
    @Timeout(60)
    void receivesEveryFrameInOrderWithTagMetadataPayloadClientAndTimestamp() throws Exception {
        int n = 500;
        String name = "it-records";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        CompletableFuture<InetSocketAddress> sender = sendWhenBound(name, 0, n, "dev");

        List<Tuple2<Long, YomoRecord>> got =
                env.fromSource(source(name).build(), WatermarkStrategy.noWatermarks(), "yomo")
                        .process(
                                new ProcessFunction<YomoRecord, Tuple2<Long, YomoRecord>>() {
                                    @Override
                                    public void processElement(
                                            YomoRecord r,
                                            Context ctx,
                                            Collector<Tuple2<Long, YomoRecord>> out) {
                                        out.collect(Tuple2.of(ctx.timestamp(), r));
                                    }
                                })
                        .returns(Types.TUPLE(Types.LONG, TypeInformation.of(YomoRecord.class)))
                        .executeAndCollect("yomo-source-it", n);

        sender.get(30, TimeUnit.SECONDS);
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            YomoRecord r = got.get(i).f1;
            assertThat(r.getTag()).isEqualTo(0x33);
            assertThat(new String(r.getPayload(), StandardCharsets.UTF_8)).isEqualTo("dev-" + i);
            assertThat(r.getMetadata())
                    .containsEntry(MetadataKeys.TID, "dev-tid-" + i)
                    .containsEntry(MetadataKeys.SOURCE_ID, "dev");
            assertThat(r.getClientName()).isEqualTo("dev");
            assertThat(r.getClientId()).isEqualTo("dev-id");
            assertThat(r.getReceivedAt()).isPositive();
            assertThat(got.get(i).f0)
                    .as("record timestamp is the receive time")
                    .isEqualTo(r.getReceivedAt());
        }
    }

    @Test
    @Timeout(60)
    void everySubtaskListensOnItsOwnPortAndPayloadSchemaApplies() throws Exception {
        int n = 100;
        String name = "it-payload";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        CompletableFuture<InetSocketAddress> a = sendWhenBound(name, 0, n, "a");
        CompletableFuture<InetSocketAddress> b = sendWhenBound(name, 1, n, "b");

        List<String> got =
                env.fromSource(
                                source(name)
                                        .setPayloadDeserializer(new SimpleStringSchema())
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                "yomo")
                        .executeAndCollect("yomo-source-it-2", 2 * n);

        assertThat(a.get(30, TimeUnit.SECONDS).getPort())
                .isNotEqualTo(b.get(30, TimeUnit.SECONDS).getPort());
        assertThat(got).hasSize(2 * n);
        for (String prefix : List.of("a", "b")) {
            List<String> mine = got.stream().filter(s -> s.startsWith(prefix + "-")).toList();
            assertThat(mine)
                    .containsExactlyElementsOf(
                            java.util.stream.IntStream.range(0, n)
                                    .mapToObj(i -> prefix + "-" + i)
                                    .toList());
        }
    }
}
