package dev.flinkyomo.connector.yomo.interop;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.TestClusters;
import dev.flinkyomo.connector.yomo.sink.YomoRecordSerializer;
import dev.flinkyomo.connector.yomo.sink.YomoSink;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.AcknowledgementsRefusedException;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * flink-yomo against the real YoMo: yomo v1.18.10 built from source, its zipper ({@code yomo
 * serve}) and a source and stream function written with its Go SDK ({@code interop/real-yomo}). Not
 * part of the default test run, because the binaries need yomo's source and some 60 Go modules that
 * CI cannot download; {@code interop/real-yomo/build.sh} builds them where those are at hand. Run
 * with:
 *
 * <pre>./mvnw -B -pl flink-connector-yomo -am verify -Preal-yomo -Dtest=RealYomoIT
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dyomo.real.bin=DIR]</pre>
 *
 * <p>{@code -Dyomo.real.bin} defaults (in the profile) to {@code interop/real-yomo/bin}; a relative
 * directory is taken from the repository root. Without both binaries there the whole class is
 * skipped with one message naming what is missing ({@link RealYomoBinaries.Required}). Every case
 * runs its body on a thread of its own under {@code @Timeout} ({@link ThreadMode#SEPARATE_THREAD}):
 * Flink's collect iterator swallows interrupts ({@code CollectResultFetcher.sleepBeforeRetry}), so
 * the default mode, which interrupts the test thread, could not stop a case blocked there; the jobs
 * themselves wait with bounds and are cancelled when those pass ({@link #collect}), and the
 * processes and jobs a case leaves running are stopped after it ({@link
 * RealYomoBinaries#stopWhatTheCaseLeftRunning}).
 */
@ExtendWith(RealYomoBinaries.Required.class)
class RealYomoIT {

    @RegisterExtension
    public static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

    private static final String TOKEN = "real-yomo-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Stops what a case that timed out left running (its thread may still be blocked). */
    @AfterEach
    void stopWhatTheCaseLeftRunning(@InjectClusterClient ClusterClient<?> client) throws Exception {
        RealYomoBinaries.stopWhatTheCaseLeftRunning(client);
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void realYomoSourceWritesIntoFlinkAsItsZipper() throws Exception {
        int n = 500;
        String listener = "real-yomo-source-into-flink";
        ExecutorService starter = Executors.newSingleThreadExecutor();
        CompletableFuture<YomoPeerProcess> source =
                YomoListenerRegistry.addressOf(listener, 0)
                        .thenApplyAsync(
                                address -> realSource(address.getPort(), "token:" + TOKEN, n),
                                starter);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<YomoRecord> got;
        try {
            got =
                    collect(
                            env,
                            env.fromSource(
                                    listener(listener), WatermarkStrategy.noWatermarks(), "yomo"),
                            "real-yomo-source-into-flink",
                            n,
                            Duration.ofSeconds(90),
                            source);
        } catch (AssertionError e) {
            source.thenAccept(YomoPeerProcess::close);
            throw e;
        } finally {
            starter.shutdown();
        }
        try (YomoPeerProcess real = source.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            assertThat(real.awaitExit(TIMEOUT))
                    .as("real source exit code" + real.describe())
                    .isZero();
        }

        assertThat(got).hasSize(n);
        Set<String> tids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            YomoRecord r = got.get(i);
            assertThat(r.getTag()).as("tag of record %d", i).isEqualTo(0x33L);
            assertThat(new String(r.getPayload(), StandardCharsets.UTF_8))
                    .as("record %d", i)
                    .isEqualTo("frame-" + i);
            assertThat(r.getClientName()).isEqualTo("real-yomo-source");
            // yomo-source-id is the source's client id; the handshake's id adds a connection
            // number to it (yomo v1.18.10 dials as "<client id>-0")
            assertThat(r.sourceId()).isNotBlank();
            assertThat(r.getClientId()).isEqualTo(r.sourceId() + "-0");
            tids.add(r.tid());
        }
        assertThat(tids)
                .as("a fresh transaction id per frame")
                .hasSize(n)
                .allMatch(t -> t != null && t.length() == 21);
    }

    @Test
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    void realYomoSourceWithAWrongTokenIsRefused() throws Exception {
        String listener = "real-yomo-wrong-token";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(listener(listener), WatermarkStrategy.noWatermarks(), "yomo")
                .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        JobClient job = env.executeAsync("real-yomo-wrong-token");
        try {
            int port =
                    YomoListenerRegistry.addressOf(listener, 0)
                            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                            .getPort();
            try (YomoPeerProcess real = realSource(port, "token:wrong", 1)) {
                assertThat(real.awaitExit(TIMEOUT))
                        .as("real source exit code" + real.describe())
                        .isEqualTo(1);
                assertThat(real.describe()).contains("authentication failed");
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 150, threadMode = ThreadMode.SEPARATE_THREAD)
    void flinkRunsAsAStreamFunctionBehindTheRealZipperAndWritesBackIntoIt() throws Exception {
        int n = 300;
        int port = freeUdpPort();
        try (YomoPeerProcess zipper = startZipper(port);
                YomoPeerProcess downstream = realStreamFunction(port, "0x34", n)) {
            downstream.awaitEvent("connected", TIMEOUT);

            // Flink: a stream function observing 0x33 that upper-cases and writes 0x34 back
            StreamExecutionEnvironment env = singleTaskEnvironment();
            env.fromSource(
                            flinkStreamFunction(port, "flink-upper"),
                            WatermarkStrategy.noWatermarks(),
                            "yomo-sfn")
                    .map(
                            r ->
                                    r.derive(
                                            0x34,
                                            new String(r.getPayload(), StandardCharsets.UTF_8)
                                                    .toUpperCase(Locale.ROOT)
                                                    .getBytes(StandardCharsets.UTF_8)))
                    .returns(TypeInformation.of(YomoRecord.class))
                    .sinkTo(sinkInto(port, "flink-upper-out"));
            JobClient job = env.executeAsync("flink-sfn-behind-real-zipper");
            try {
                zipper.awaitOutput("conn_name=flink-upper client_type=StreamFunction", TIMEOUT);
                try (YomoPeerProcess source = realSource(port, "token:" + TOKEN, n)) {
                    assertThat(source.awaitExit(TIMEOUT))
                            .as("real source exit code" + source.describe())
                            .isZero();
                }
                assertThat(downstream.awaitExit(Duration.ofSeconds(100)))
                        .as("real sfn exit code" + downstream.describe())
                        .isZero();
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }

            // yomo's stream function runs its handler in a goroutine per frame, so the order in
            // which the downstream function reports them is not the order they were written in
            List<JsonNode> data = downstream.events("data");
            assertThat(data).hasSize(n);
            assertThat(data).allSatisfy(e -> assertThat(e.path("tag").asLong()).isEqualTo(0x34L));
            assertThat(data.stream().map(e -> e.path("data").asText()))
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.range(0, n)
                                    .mapToObj(i -> "FRAME-" + i)
                                    .toList());
            Set<String> tids = new HashSet<>();
            Set<String> sourceIds = new HashSet<>();
            for (JsonNode e : data) {
                tids.add(e.path("tid").asText());
                sourceIds.add(e.path("sourceId").asText());
            }
            // carried forward from the real source through Flink, as ctx.Write does
            assertThat(tids).hasSize(n).allMatch(t -> t.length() == 21);
            assertThat(sourceIds).hasSize(1).allMatch(s -> !s.isEmpty());
        }
    }

    /**
     * The acknowledgement extension is invisible to YoMo's own zipper (yomo-java/ACKS.md): a client
     * that asks is answered with the stock HandshakeAck, carries on at-most-once, and its frames
     * reach a real stream function; one that requires acknowledgements is told so and stops.
     */
    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void theRealZipperIgnoresTheAcknowledgementExtension() throws Exception {
        int n = 100;
        int port = freeUdpPort();
        try (YomoPeerProcess zipper = startZipper(port);
                YomoPeerProcess downstream = realStreamFunction(port, "0x33", n)) {
            downstream.awaitEvent("connected", TIMEOUT);
            ClientOptions.Builder asking =
                    ClientOptions.builder("127.0.0.1", port, "asking", ClientType.SOURCE)
                            .credential("token:" + TOKEN)
                            .tls(TlsOptions.INSECURE_DEFAULT)
                            .udpBufferSize(0);
            try (YomoClient client =
                    new YomoClient(
                            asking.acknowledgements(AckOptions.of("asking-1")).build(),
                            YomoClientListener.NO_OP)) {
                client.start().get(20, TimeUnit.SECONDS);
                assertThat(client.acknowledgementsGranted()).isFalse();
                for (int i = 0; i < n; i++) {
                    client.write(
                            new DataFrame(
                                    0x33,
                                    new byte[0],
                                    ("acked-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                client.flush();
                assertThat(downstream.awaitExit(TIMEOUT))
                        .as("real sfn exit code" + downstream.describe())
                        .isZero();
            }
            assertThat(downstream.events("data").stream().map(e -> e.path("data").asText()))
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.range(0, n)
                                    .mapToObj(i -> "acked-" + i)
                                    .toList());

            try (YomoClient requiring =
                    new YomoClient(
                            asking.acknowledgements(AckOptions.of("asking-2").withRequired(true))
                                    .reconnect(false)
                                    .build(),
                            YomoClientListener.NO_OP)) {
                assertThatThrownBy(() -> requiring.start().get(20, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(AcknowledgementsRefusedException.class);
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void aBoundedFlinkJobDeliversEveryFrameToTheRealZipperBeforeItFinishes() throws Exception {
        int n = 2000;
        int port = freeUdpPort();
        try (YomoPeerProcess zipper = startZipper(port);
                YomoPeerProcess downstream = realStreamFunction(port, "0x34", n)) {
            downstream.awaitEvent("connected", TIMEOUT);
            StreamExecutionEnvironment env = singleTaskEnvironment();
            List<YomoRecord> results =
                    java.util.stream.IntStream.range(0, n)
                            .mapToObj(
                                    i ->
                                            new YomoRecord(
                                                    0x34,
                                                    ("result-" + i)
                                                            .getBytes(StandardCharsets.UTF_8),
                                                    java.util.Map.of(MetadataKeys.TID, "t" + i)))
                            .toList();
            env.fromData(TypeInformation.of(YomoRecord.class), results.toArray(new YomoRecord[0]))
                    .sinkTo(sinkInto(port, "flink-results"));
            // the job ends when its input does: the sink must have flushed everything into the
            // real zipper by then, or the downstream function never sees the rest
            JobClient job = env.executeAsync("bounded-flink-job-into-real-zipper");
            try {
                job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                cancelIfRunning(job);
            }
            assertThat(downstream.awaitExit(Duration.ofSeconds(90)))
                    .as("real sfn exit code" + downstream.describe())
                    .isZero();
            assertThat(
                            downstream.events("data").stream()
                                    .map(
                                            e ->
                                                    e.path("data").asText()
                                                            + " "
                                                            + e.path("tid").asText()))
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.range(0, n)
                                    .mapToObj(i -> "result-" + i + " t" + i)
                                    .toList());
        }
    }

    /**
     * The other direction of "runs unmodified": flink-wasm-udf's example guests, as shipped in its
     * jar, on YoMo's own Wasm host ({@code yomo run}, wazero), give what flink-wasm-udf's tests
     * expect from them on Chicory and wasmtime (same input, same output strings).
     */
    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void theExampleWasmGuestsRunUnchangedOnYomosOwnWasmHost() throws Exception {
        assertThat(outputsOnYomosWasmHost("uppercase.wasm", "hello yomo", 1))
                .containsExactly("0x34 HELLO YOMO");
        assertThat(
                        outputsOnYomosWasmHost(
                                "noise.wasm", "{\"noise\":165.5,\"time\":2000,\"from\":\"b\"}", 2))
                .containsExactlyInAnyOrder(
                        "0x34 {\"noise\":16.55,\"time\":2000,\"from\":\"b\"}",
                        "0x35 {\"alert\":\"noise\",\"noise\":16.55,\"time\":2000,\"from\":\"b\"}");
    }

    /**
     * What flink-yomo is for: the same {@code noise.wasm} that {@code yomo run} hosts above runs
     * inside a Flink job in its place (a stream function behind the real zipper, the Wasm operator,
     * the sink writing back), between a real source and a real downstream function, with the same
     * outputs and the real source's transaction ids carried through.
     */
    @Test
    @Timeout(value = 150, threadMode = ThreadMode.SEPARATE_THREAD)
    void flinkHostsTheWasmFunctionInPlaceOfYomoRunWithTheSameOutputs() throws Exception {
        int n = 100;
        String input = "{\"noise\":165.5,\"time\":2000,\"from\":\"b\"}";
        int port = freeUdpPort();
        try (YomoPeerProcess zipper = startZipper(port);
                YomoPeerProcess downstream = realStreamFunction(port, "0x34,0x35", 2 * n)) {
            downstream.awaitEvent("connected", TIMEOUT);
            StreamExecutionEnvironment env = singleTaskEnvironment();
            env.fromSource(
                            flinkStreamFunction(port, "noise-in-flink"),
                            WatermarkStrategy.noWatermarks(),
                            "yomo-sfn")
                    .process(
                            WasmStreamFunctionProcessor.builder(
                                            ExampleGuests.load(ExampleGuests.NOISE))
                                    .build())
                    .returns(TypeInformation.of(YomoRecord.class))
                    .sinkTo(sinkInto(port, "noise-in-flink-out"));
            JobClient job = env.executeAsync("noise-wasm-in-flink-behind-real-zipper");
            try {
                zipper.awaitOutput("conn_name=noise-in-flink client_type=StreamFunction", TIMEOUT);
                try (YomoPeerProcess source =
                        realSource(port, "token:" + TOKEN, n, "--payload", input)) {
                    assertThat(source.awaitExit(TIMEOUT))
                            .as("real source exit code" + source.describe())
                            .isZero();
                }
                assertThat(downstream.awaitExit(Duration.ofSeconds(100)))
                        .as("real sfn exit code" + downstream.describe())
                        .isZero();
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            List<JsonNode> data = downstream.events("data");
            assertThat(
                            data.stream()
                                    .map(
                                            e ->
                                                    "0x"
                                                            + Long.toHexString(
                                                                    e.path("tag").asLong())
                                                            + " "
                                                            + e.path("data").asText())
                                    .distinct())
                    .containsExactlyInAnyOrder(
                            "0x34 {\"noise\":16.55,\"time\":2000,\"from\":\"b\"}",
                            "0x35 {\"alert\":\"noise\",\"noise\":16.55,\"time\":2000,\"from\":\"b\"}");
            // each input's two outputs share its transaction id, and every input is there
            Map<String, Long> perTid =
                    data.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            e -> e.path("tid").asText(), Collectors.counting()));
            assertThat(perTid)
                    .hasSize(n)
                    .allSatisfy(
                            (tid, count) -> {
                                assertThat(tid).hasSize(21);
                                assertThat(count).isEqualTo(2L);
                            });
        }
    }

    /**
     * Runs one guest under {@code yomo run} behind a real zipper, feeds it one 0x33 frame, returns
     * what it wrote.
     */
    private static List<String> outputsOnYomosWasmHost(String guest, String input, int outputs)
            throws Exception {
        int port = freeUdpPort();
        try (YomoPeerProcess zipper = startZipper(port);
                YomoPeerProcess function =
                        RealYomoBinaries.yomoRun(
                                "127.0.0.1:" + port,
                                "token:" + TOKEN,
                                guest,
                                RealYomoBinaries.guest(guest));
                YomoPeerProcess downstream = realStreamFunction(port, "0x34,0x35", outputs)) {
            zipper.awaitOutput("conn_name=" + guest + " client_type=StreamFunction", TIMEOUT);
            downstream.awaitEvent("connected", TIMEOUT);
            try (YomoPeerProcess source =
                    realSource(port, "token:" + TOKEN, 1, "--payload", input)) {
                assertThat(source.awaitExit(TIMEOUT))
                        .as("real source exit code" + source.describe())
                        .isZero();
            }
            assertThat(downstream.awaitExit(TIMEOUT))
                    .as("real sfn exit code" + downstream.describe() + function.describe())
                    .isZero();
            return downstream.events("data").stream()
                    .map(
                            e ->
                                    "0x"
                                            + Long.toHexString(e.path("tag").asLong())
                                            + " "
                                            + e.path("data").asText())
                    .toList();
        }
    }

    /**
     * {@code executeAndCollect(name, n)} with bounds: runs the job and returns its first {@code n}
     * records, or fails once {@code timeout} has passed or {@code companion} (what feeds the job)
     * has failed, cancelling the job. Flink's collect iterator swallows interrupts, so only a
     * cancelled job ends a wait in it.
     */
    private static <T> List<T> collect(
            StreamExecutionEnvironment env,
            DataStream<T> stream,
            String name,
            int n,
            Duration timeout,
            CompletableFuture<?> companion)
            throws Exception {
        CloseableIterator<T> records = stream.collectAsync();
        JobClient job = env.executeAsync(name);
        AtomicReference<String> stopped = new AtomicReference<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(
                () -> {
                    if (stopped.compareAndSet(null, "not all within " + timeout)) {
                        job.cancel();
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        companion.whenComplete(
                (ignored, e) -> {
                    if (e != null && stopped.compareAndSet(null, "what feeds it failed: " + e)) {
                        job.cancel();
                    }
                });
        List<T> got = new ArrayList<>();
        Exception ended = null;
        try {
            while (got.size() < n && records.hasNext()) {
                got.add(records.next());
            }
        } catch (RuntimeException e) {
            ended = e;
        } finally {
            timer.shutdownNow();
            records.close();
            cancelIfRunning(job);
        }
        if (got.size() < n) {
            throw new AssertionError(
                    name
                            + ": "
                            + got.size()
                            + " of "
                            + n
                            + " records, job cancelled: "
                            + (stopped.get() == null ? "it ended early" : stopped.get()),
                    ended);
        }
        return got;
    }

    private static void cancelIfRunning(JobClient job) {
        try {
            if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // finished or gone meanwhile
        }
    }

    /** A YomoSource listener (Flink as the zipper) on an ephemeral port, requiring TOKEN. */
    private static YomoSource<YomoRecord> listener(String name) {
        return YomoSource.listener()
                .setListenerName(name)
                .setHost("127.0.0.1")
                .setPort(0)
                .setAuthToken(TOKEN)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .build();
    }

    private static StreamExecutionEnvironment singleTaskEnvironment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    private static YomoSink<YomoRecord> sinkInto(int port, String clientName) {
        return YomoSink.<YomoRecord>builder()
                .setZipper("127.0.0.1", port)
                .setClientName(clientName)
                .setCredential("token:" + TOKEN)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setRecordSerializer(YomoRecordSerializer.yomoRecords())
                .build();
    }

    /**
     * A real stream function observing {@code tags} ("0x34,0x35") that exits once it has received
     * {@code n} frames.
     */
    private static YomoPeerProcess realStreamFunction(int port, String tags, int n) {
        return RealYomoBinaries.streamFunction(
                "127.0.0.1:" + port, "token:" + TOKEN, "downstream", tags, n);
    }

    /**
     * Flink as a stream function named {@code name} behind the zipper at {@code port}, observing
     * 0x33.
     */
    private static YomoSource<YomoRecord> flinkStreamFunction(int port, String name) {
        return YomoSource.streamFunction()
                .setZipper("127.0.0.1", port)
                .setName(name)
                .setObservedTags(0x33)
                .setCredential("token:" + TOKEN)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .build();
    }

    private static YomoPeerProcess startZipper(int port) throws IOException {
        Path config = Files.createTempFile("real-zipper", ".yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "name: real-zipper",
                        "host: 127.0.0.1",
                        "port: " + port,
                        "auth:",
                        "  type: token",
                        "  token: " + TOKEN,
                        ""));
        config.toFile().deleteOnExit();
        YomoPeerProcess zipper =
                RealYomoBinaries.start(
                        "yomo serve",
                        List.of(
                                RealYomoBinaries.binary("yomo").toString(),
                                "serve",
                                "-c",
                                config.toString()));
        zipper.awaitOutput("zipper is up and running", TIMEOUT);
        return zipper;
    }

    /**
     * A real source writing {@code n} frames on 0x33 ({@code frame-<i>} unless {@code extra} says
     * otherwise).
     */
    private static YomoPeerProcess realSource(int port, String credential, int n, String... extra) {
        return RealYomoBinaries.source("127.0.0.1:" + port, credential, n, extra);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
