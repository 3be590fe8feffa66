package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.sink.ConnectedFunctionsSink;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.ConnectedFunctions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Flink as a complete zipper for a stream function that is a separate process: the Go {@code
 * yomo-peer sfn} (its own codec, YoMo's handshake) connects to the job's listener, observes 0x33
 * and writes each frame back on 0x34 with its metadata, as YoMo's {@code ctx.Write} does. A device
 * sends readings on 0x33 to the same listener; the job routes every record to the connected
 * functions ({@link ConnectedFunctionsSink}); the function's writes come out of the source again,
 * where the job collects them.
 */
class GoStreamFunctionConnectsToFlinkITCase {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final int READINGS = 20;

    @Test
    @Timeout(120)
    void aGoFunctionConnectedToTheJobGetsItsTagAndItsWritesReEnterTheJob() throws Exception {
        StreamExecutionEnvironment env = withoutRestarts();
        env.setParallelism(1);
        DataStream<YomoRecord> records =
                env.fromSource(
                        functionListener("zipper-job"), WatermarkStrategy.noWatermarks(), "yomo");
        records.sinkTo(ConnectedFunctionsSink.of("zipper-job")).name("to connected functions");
        CloseableIterator<YomoRecord> results =
                records.filter(r -> r.getTag() == 0x34).collectAsync();
        JobClient job = env.executeAsync("zipper-job");
        try {
            int port =
                    YomoListenerRegistry.addressOf("zipper-job", 0)
                            .get(60, TimeUnit.SECONDS)
                            .getPort();
            try (YomoPeerProcess sfn =
                            YomoPeerProcess.start(
                                    "sfn",
                                    "--addr",
                                    "127.0.0.1:" + port,
                                    "--name",
                                    "go-upper",
                                    "--observe",
                                    "0x33",
                                    "--echo-tag",
                                    "0x34",
                                    "--count",
                                    String.valueOf(READINGS),
                                    "--timeout",
                                    "60s");
                    YomoClient device = device(port)) {
                sfn.awaitEvent("connected", TIMEOUT);
                awaitOneFunction();
                for (int i = 0; i < READINGS; i++) {
                    device.send(
                            new DataFrame(
                                    0x33,
                                    MetadataCodec.encode(Map.of("yomo-tid", "tid-" + i)),
                                    ("reading-" + i).getBytes(StandardCharsets.UTF_8)));
                }

                List<YomoRecord> back = new ArrayList<>();
                while (back.size() < READINGS && results.hasNext()) {
                    back.add(results.next());
                }
                assertThat(sfn.awaitExit(TIMEOUT)).as("sfn exit" + sfn.describe()).isZero();
                JsonNode summary = sfn.awaitEvent("summary", TIMEOUT);
                assertThat(summary.path("received").asInt()).isEqualTo(READINGS);
                assertThat(summary.path("echoed").asInt()).isEqualTo(READINGS);
                for (int i = 0; i < READINGS; i++) {
                    YomoRecord r = back.get(i);
                    assertThat(new String(r.getPayload(), StandardCharsets.UTF_8))
                            .isEqualTo("reading-" + i);
                    assertThat(r.getClientName()).isEqualTo("go-upper");
                    assertThat(r.tid()).isEqualTo("tid-" + i);
                }
            }
        } finally {
            results.close();
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    void aSinkToConnectedFunctionsAboveParallelismOneIsRefusedSayingWhy() {
        StreamExecutionEnvironment env = withoutRestarts();
        env.fromData(YomoRecord.of(0x33, new byte[1]))
                .sinkTo(ConnectedFunctionsSink.of("elsewhere"))
                .setParallelism(2);
        assertThat(catchThrowable(() -> env.execute("refused")))
                .rootCause()
                .hasMessageContaining("listener 'elsewhere'")
                .hasMessageContaining("runs with parallelism 2; it needs parallelism 1");
    }

    /**
     * A function dialling subtask 1's listener would never be served (the sink beside subtask 0
     * reaches that listener only), so the job does not start.
     */
    @Test
    @Timeout(120)
    void aListenerServingFunctionsAboveParallelismOneIsRefusedSayingWhy() {
        StreamExecutionEnvironment env = withoutRestarts();
        env.fromSource(functionListener("wide-zipper"), WatermarkStrategy.noWatermarks(), "yomo")
                .setParallelism(2)
                .sinkTo(ConnectedFunctionsSink.of("wide-zipper"))
                .setParallelism(1);
        assertThat(catchThrowable(() -> env.execute("wide")))
                .rootCause()
                .hasMessageContaining("listener 'wide-zipper' accepts stream functions")
                .hasMessageContaining("runs with parallelism 2")
                .hasMessageContaining("give this source parallelism 1");
    }

    @Test
    @Timeout(120)
    void aSinkWithoutItsListenerInTheTaskManagerFailsSayingWhy() {
        StreamExecutionEnvironment env = withoutRestarts();
        env.setParallelism(1);
        env.fromData(YomoRecord.of(0x33, new byte[1]))
                .sinkTo(ConnectedFunctionsSink.of("nowhere").withListenerWait(Duration.ZERO));
        assertThat(catchThrowable(() -> env.execute("alone")))
                .rootCause()
                .hasMessageContaining("no listener 'nowhere' (subtask 0)")
                .hasMessageContaining("must share a slot with its listener source");
    }

    /** A listener on an ephemeral port of 127.0.0.1 that accepts stream functions. */
    private static YomoSource<YomoRecord> functionListener(String name) {
        return YomoSource.listener()
                .setListenerName(name)
                .setHost("127.0.0.1")
                .setPort(0)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setAcceptStreamFunctions(true)
                .build();
    }

    /** A job that fails at its first failure, so the test sees why. */
    private static StreamExecutionEnvironment withoutRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static void awaitOneFunction() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ConnectedFunctions f = YomoListenerRegistry.functionsOf("zipper-job", 0);
            if (f != null && f.size() == 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the Go function did not connect to the job's listener");
    }

    private static YomoClient device(int port) throws Exception {
        YomoClient c =
                new YomoClient(
                        ClientOptions.builder("127.0.0.1", port, "device", ClientType.SOURCE)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        YomoClientListener.NO_OP);
        c.start().get(10, TimeUnit.SECONDS);
        return c;
    }
}
