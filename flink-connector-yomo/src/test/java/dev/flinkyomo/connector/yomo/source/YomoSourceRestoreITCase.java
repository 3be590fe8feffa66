package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener split restored from a savepoint into a job version with another port listens on the
 * configured port, not on the port the old job checkpointed: a device fleet moved to a new port is
 * served there. Before the change the restored split bound the old port and the devices dialling
 * the new one found nothing.
 */
class YomoSourceRestoreITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    @Test
    @Timeout(120)
    void aRestoredListenerBindsThePortOfTheNewConfiguration(@TempDir Path savepoints)
            throws Exception {
        int oldPort = freeUdpPort();
        int newPort = freeUdpPort();

        // version 1 of the job listens on oldPort; stop it with a savepoint
        StreamExecutionEnvironment v1 = StreamExecutionEnvironment.getExecutionEnvironment();
        v1.setParallelism(1);
        v1.fromSource(source("restore-v1", oldPort), WatermarkStrategy.noWatermarks(), "yomo")
                .uid("yomo-source")
                .sinkTo(new DiscardingSink<>());
        JobClient job1 = v1.executeAsync("restore-v1");
        assertThat(YomoListenerRegistry.addressOf("restore-v1", 0).get(30, TimeUnit.SECONDS))
                .extracting(InetSocketAddress::getPort)
                .isEqualTo(oldPort);
        String savepoint =
                job1.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);

        // version 2 moves the listener to newPort and restores the savepoint
        Configuration restore = new Configuration();
        SavepointRestoreSettings.toConfiguration(
                SavepointRestoreSettings.forPath(savepoint), restore);
        StreamExecutionEnvironment v2 = StreamExecutionEnvironment.getExecutionEnvironment(restore);
        v2.setParallelism(1);
        CompletableFuture<InetSocketAddress> bound =
                YomoListenerRegistry.addressOf("restore-v2", 0);
        CompletableFuture<Void> sender =
                bound.thenAcceptAsync(
                        address -> send(address, "after-upgrade"),
                        java.util.concurrent.Executors.newSingleThreadExecutor());
        List<YomoRecord> got =
                v2.fromSource(
                                source("restore-v2", newPort),
                                WatermarkStrategy.noWatermarks(),
                                "yomo")
                        .uid("yomo-source")
                        .executeAndCollect("restore-v2", 1);

        assertThat(bound.get().getPort())
                .as("the port of the new configuration")
                .isEqualTo(newPort);
        assertThat(new String(got.get(0).getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("after-upgrade");
        sender.get(30, TimeUnit.SECONDS);
    }

    private static YomoSource<YomoRecord> source(String name, int port) {
        return YomoSource.listener()
                .setListenerName(name)
                .setHost("127.0.0.1")
                .setPort(port)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setUdpBufferSize(0)
                .build();
    }

    private static void send(InetSocketAddress address, String payload) {
        ClientOptions options =
                ClientOptions.builder("127.0.0.1", address.getPort(), "dev", ClientType.SOURCE)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .build();
        try (YomoClient client = new YomoClient(options, YomoClientListener.NO_OP)) {
            client.start().get(20, TimeUnit.SECONDS);
            client.write(
                    new DataFrame(0x33, new byte[0], payload.getBytes(StandardCharsets.UTF_8)));
            client.flush();
            client.awaitWritable(java.time.Duration.ofSeconds(20));
            Thread.sleep(500);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
