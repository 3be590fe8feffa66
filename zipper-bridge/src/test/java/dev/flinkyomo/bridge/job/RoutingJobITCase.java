package dev.flinkyomo.bridge.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.config.ZipperConfigParser;
import dev.flinkyomo.bridge.plan.CompositeFunctionResolver;
import dev.flinkyomo.bridge.plan.JavaFunctionResolver;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.RoutingPlanner;
import dev.flinkyomo.bridge.plan.WasmFunctionResolver;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.MetadataKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing bus on a MiniCluster: YoMo v1.6 semantics with Java and Wasm functions, and sinks.
 */
class RoutingJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private RoutingPlan plan(String yaml) throws Exception {
        ZipperConfig config = new ZipperConfigParser().parse("w.yaml", yaml, dir).config();
        return new RoutingPlanner(
                        new CompositeFunctionResolver(
                                List.of(
                                        new WasmFunctionResolver(dir, new YomoWasmTagReader()),
                                        new JavaFunctionResolver(getClass().getClassLoader()))))
                .plan(config);
    }

    private static YomoRecord record(long tag, String payload, String tid) {
        return new YomoRecord(
                tag, payload.getBytes(StandardCharsets.UTF_8), Map.of(MetadataKeys.TID, tid));
    }

    private static List<String> collect(DataStream<BusRecord> bus) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<BusRecord> it = bus.executeAndCollect()) {
            it.forEachRemaining(
                    b ->
                            out.add(
                                    b.getOrigin()
                                            + " 0x"
                                            + Long.toHexString(b.getRecord().getTag())
                                            + " "
                                            + new String(
                                                    b.getRecord().getPayload(),
                                                    StandardCharsets.UTF_8)
                                            + " "
                                            + b.getRecord().tid()));
        }
        return out;
    }

    @Test
    void laterFunctionsSeeSourcesAndEarlierOutputsNeverTheReverse() throws Exception {
        RoutingPlan plan =
                plan(
                        "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: test-upper\n  - name: test-suffix\n");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        YomoRecord targeted = record(0x33, "elsewhere", "t4");
        targeted.putMetadata(MetadataKeys.TARGET, "someone-else");
        DataStream<YomoRecord> sources =
                env.fromData(
                        record(0x33, "hello", "t1"),
                        record(0x34, "x", "t2"),
                        record(0x10, "other", "t3"),
                        targeted);

        List<String> bus = collect(new BridgeJobBuilder(plan).route(sources));

        assertThat(bus)
                .containsExactlyInAnyOrder(
                        "0 0x33 hello t1",
                        "1 0x34 HELLO t1", // upper observes 0x33
                        "2 0x35 hello! t1", // suffix observes 0x33 from the source ...
                        "2 0x35 HELLO! t1", // ... and 0x34 from upper, which runs before it
                        "0 0x34 x t2",
                        "2 0x35 x! t2",
                        "0 0x10 other t3", // nobody observes 0x10: it stays on the bus for the
                        // mesh/sinks
                        "0 0x33 elsewhere t4"); // targeted at another function: no function here
        // takes it
    }

    @Test
    void wasmStageRunsTheModuleWithTheTagsItDeclares() throws Exception {
        try (InputStream in =
                getClass().getResourceAsStream("/dev/flinkyomo/wasm/guests/uppercase.wasm")) {
            Files.write(dir.resolve("upper-wasm.wasm"), in.readAllBytes());
        }
        RoutingPlan plan =
                plan(
                        "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: upper-wasm\n  - name: test-suffix\n");
        assertThat(plan.stages().get(0).function().observedTags()).containsExactly(0x33L);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<String> bus =
                collect(new BridgeJobBuilder(plan).route(env.fromData(record(0x33, "yomo", "w1"))));

        assertThat(bus)
                .containsExactlyInAnyOrder(
                        "0 0x33 yomo w1", "1 0x34 YOMO w1", "2 0x35 yomo! w1", "2 0x35 YOMO! w1");
    }

    /**
     * With checkpoints the lines go through {@code LineFileSink}'s pending files and reach the file
     * with the commit at the end of the input; without, straight ({@code DirectLineFileSink}).
     */
    @ParameterizedTest(name = "checkpoints: {0}")
    @ValueSource(booleans = {false, true})
    void fileSinksTakeFunctionOutputsOrTheTagsTheyName(boolean checkpoints) throws Exception {
        RoutingPlan plan =
                plan(
                        "name: z\nhost: h\nport: 9000\nfunctions:\n  - name: test-upper\nflink:\n  sinks:\n"
                                + "    - {type: file, path: out/results.txt}\n    - {type: file, path: out/raw.txt, tags: [0x33]}\n");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        if (checkpoints) {
            env.enableCheckpointing(100);
        }
        BridgeJobBuilder builder = new BridgeJobBuilder(plan);
        builder.attachOutputs(
                builder.route(env.fromData(record(0x33, "a", "f1"), record(0x33, "b\u0001", "f2"))),
                (records, peer) -> {
                    throw new AssertionError("no mesh peers in this plan");
                });
        env.execute("file sinks");

        assertThat(Files.readAllLines(dir.resolve("out/results.txt")))
                .containsExactlyInAnyOrder(
                        "[test-upper] tag=0x34 tid=f1 A", "[test-upper] tag=0x34 tid=f2 hex:4201");
        assertThat(Files.readAllLines(dir.resolve("out/raw.txt")))
                .containsExactlyInAnyOrder(
                        "[source] tag=0x33 tid=f1 a", "[source] tag=0x33 tid=f2 hex:6201");
        try (Stream<Path> left = Files.list(dir.resolve("out"))) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .as("no pending files left")
                    .containsExactlyInAnyOrder("results.txt", "raw.txt");
        }
    }
}
