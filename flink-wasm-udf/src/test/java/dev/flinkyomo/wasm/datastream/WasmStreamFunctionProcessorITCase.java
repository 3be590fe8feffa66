package dev.flinkyomo.wasm.datastream;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.TestClusters;
import dev.flinkyomo.wasm.config.UnobservedTagPolicy;
import dev.flinkyomo.wasm.runtime.ChicoryMode;
import dev.flinkyomo.wasm.runtime.WasmEngineType;
import dev.flinkyomo.wasm.runtime.WasmLoadException;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.yomo.ExampleGuests;
import dev.flinkyomo.yomo.MetadataKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every guest through the DataStream operator on a MiniCluster, with exact expected outputs. */
class WasmStreamFunctionProcessorITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManagerTwoSlots();

    enum Engine {
        CHICORY_COMPILED(WasmEngineType.CHICORY, ChicoryMode.COMPILED),
        CHICORY_INTERPRETED(WasmEngineType.CHICORY, ChicoryMode.INTERPRETED),
        WASMTIME(WasmEngineType.WASMTIME, ChicoryMode.COMPILED);

        final WasmEngineType type;
        final ChicoryMode mode;

        Engine(WasmEngineType type, ChicoryMode mode) {
            this.type = type;
            this.mode = mode;
        }
    }

    /** Main output and dead letters of one job run. */
    static final class Result {
        final List<YomoRecord> records = new ArrayList<>();
        final List<WasmDeadLetter> deadLetters = new ArrayList<>();
    }

    static Result run(WasmStreamFunctionProcessor fn, int parallelism, YomoRecord... input)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        SingleOutputStreamOperator<YomoRecord> out =
                env.fromData(TypeInformation.of(YomoRecord.class), input)
                        .process(fn)
                        .returns(TypeInformation.of(YomoRecord.class));
        Result result = new Result();
        try (CloseableIterator<YomoRecord> main = out.collectAsync();
                CloseableIterator<WasmDeadLetter> dead =
                        out.getSideOutput(WasmStreamFunctionProcessor.DEAD_LETTERS)
                                .collectAsync()) {
            env.execute("wasm-it");
            main.forEachRemaining(result.records::add);
            dead.forEachRemaining(result.deadLetters::add);
        }
        return result;
    }

    static YomoRecord record(long tag, String payload, String tid) {
        return new YomoRecord(
                tag, utf8(payload), Map.of(MetadataKeys.TID, tid, MetadataKeys.TARGET, ""));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(YomoRecord r) {
        return "0x"
                + Long.toHexString(r.getTag())
                + " "
                + new String(r.getPayload(), StandardCharsets.UTF_8)
                + " tid="
                + r.tid();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void uppercaseGuestCarriesMetadataAndPassesUnobservedTags(Engine engine) throws Exception {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(ExampleGuests.load(ExampleGuests.UPPERCASE))
                        .engine(engine.type)
                        .chicoryMode(engine.mode)
                        .build();
        Result r =
                run(
                        fn,
                        2,
                        record(0x33, "hello yomo", "t1"),
                        record(0x99, "not mine", "t2"),
                        record(0x33, "Flink 2.3", "t3"));
        assertThat(r.records)
                .extracting(WasmStreamFunctionProcessorITCase::text)
                .containsExactlyInAnyOrder(
                        "0x34 HELLO YOMO tid=t1", "0x99 not mine tid=t2", "0x34 FLINK 2.3 tid=t3");
        assertThat(r.records)
                .filteredOn(rec -> rec.getTag() == 0x34)
                .allSatisfy(
                        rec ->
                                assertThat(rec.getMetadata())
                                        .doesNotContainKey(MetadataKeys.TARGET));
        assertThat(r.deadLetters).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void wantedTargetRoutesInputsAndWriteWithTargetSetsTheOutputTarget(Engine engine)
            throws Exception {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(
                                WasmModuleSource.fromClasspath("wasm/targeted.wasm"))
                        .engine(engine.type)
                        .chicoryMode(engine.mode)
                        .build();
        YomoRecord forMe =
                new YomoRecord(
                        0x33,
                        utf8("for me"),
                        Map.of(MetadataKeys.TID, "t1", MetadataKeys.TARGET, "user-42"));
        YomoRecord forOther =
                new YomoRecord(
                        0x33,
                        utf8("for other"),
                        Map.of(MetadataKeys.TID, "t2", MetadataKeys.TARGET, "user-9"));
        YomoRecord forAll = new YomoRecord(0x33, utf8("for all"), Map.of(MetadataKeys.TID, "t3"));

        Result r = run(fn, 1, forMe, forOther, forAll);

        assertThat(r.records)
                .extracting(
                        rec -> text(rec) + " target=" + rec.getMetadata().get(MetadataKeys.TARGET))
                .containsExactly(
                        "0x34 for me tid=t1 target=user-7",
                        "0x35 for me tid=t1 target=null",
                        // another function's frame is not handed to this one; it flows on unchanged
                        "0x33 for other tid=t2 target=user-9",
                        "0x34 for all tid=t3 target=user-7",
                        "0x35 for all tid=t3 target=null");
        assertThat(r.deadLetters).isEmpty();
    }

    @Test
    void dropPolicyDropsUnobservedTags() throws Exception {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(ExampleGuests.load(ExampleGuests.UPPERCASE))
                        .unobservedTags(UnobservedTagPolicy.DROP)
                        .build();
        Result r = run(fn, 1, record(0x99, "not mine", "t1"), record(0x33, "mine", "t2"));
        assertThat(r.records)
                .extracting(WasmStreamFunctionProcessorITCase::text)
                .containsExactly("0x34 MINE tid=t2");
    }

    @Test
    void rustNoiseGuestEmitsZeroOneOrTwoRecordsPerInput() throws Exception {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(ExampleGuests.load(ExampleGuests.NOISE))
                        .build();
        Result r =
                run(
                        fn,
                        1,
                        record(0x33, "{\"noise\":42,\"time\":1000,\"from\":\"a\"}", "t1"),
                        record(0x33, "{\"noise\":165.5,\"time\":2000,\"from\":\"b\"}", "t2"),
                        record(0x33, "{\"noise\":", "t3"));
        assertThat(r.records)
                .extracting(WasmStreamFunctionProcessorITCase::text)
                .containsExactly(
                        "0x34 {\"noise\":4.2,\"time\":1000,\"from\":\"a\"} tid=t1",
                        "0x34 {\"noise\":16.55,\"time\":2000,\"from\":\"b\"} tid=t2",
                        "0x35 {\"alert\":\"noise\",\"noise\":16.55,\"time\":2000,\"from\":\"b\"} tid=t2");
        assertThat(r.deadLetters).isEmpty();
    }

    @Test
    void frameStatsGuestOverRawRgbFrames() throws Exception {
        // 4x1 frame: red, green, blue, white
        byte[] frame = {
            4,
            0,
            0,
            0,
            1,
            0,
            0,
            0,
            (byte) 255,
            0,
            0,
            0,
            (byte) 255,
            0,
            0,
            0,
            (byte) 255,
            (byte) 255,
            (byte) 255,
            (byte) 255
        };
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(ExampleGuests.load(ExampleGuests.FRAME_STATS))
                        .build();
        Result r = run(fn, 1, new YomoRecord(0x40, frame, Map.of(MetadataKeys.TID, "f1")));
        // luma: red 76, green 149, blue 28, white 255 -> mean 127; |76-149|, |149-28|, |28-255| >
        // 32 -> 3 of 4
        assertThat(r.records)
                .extracting(WasmStreamFunctionProcessorITCase::text)
                .containsExactly(
                        "0x41 {\"width\":4,\"height\":1,\"brightness\":127,\"edge_permille\":750} tid=f1");
    }

    @Test
    void abiV1GuestRunsUnmodified() throws Exception {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(
                                WasmModuleSource.fromClasspath("wasm/abi_v1_reverse.wasm"))
                        .build();
        Result r = run(fn, 1, record(0x33, "stressed", "t1"));
        assertThat(r.records)
                .extracting(WasmStreamFunctionProcessorITCase::text)
                .containsExactly("0x34 desserts tid=t1");
    }

    @Test
    void tinyGoGuestOnYomosGoSdkRunsUnmodified() throws Exception {
        // Built by TinyGo with `yomo build`'s command against yomo v1.18.0's guest SDK. The SDK
        // panics on an empty write, so the empty frame is a dead letter and the job goes on.
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(
                                WasmModuleSource.fromClasspath("wasm/tinygo_uppercase.wasm"))
                        .build();
        Result r =
                run(
                        fn,
                        1,
                        record(0x33, "go", "t1"),
                        record(0x33, "", "t2"),
                        record(0x99, "other", "t3"),
                        record(0x33, "tinygo", "t4"));
        assertThat(r.records)
                .extracting(WasmStreamFunctionProcessorITCase::text)
                .containsExactly("0x34 GO tid=t1", "0x99 other tid=t3", "0x34 TINYGO tid=t4");
        assertThat(r.deadLetters)
                .extracting(d -> d.getRecord().tid() + " " + d.getKind() + " " + d.getModuleName())
                .containsExactly("t2 TRAP tinygo_uppercase.wasm");
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"CHICORY_COMPILED", "WASMTIME"})
    void trapTimeoutAndMemoryCapGoToDeadLettersAndTheJobContinues(Engine engine) throws Exception {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(
                                WasmModuleSource.fromClasspath("wasm/chaos.wasm"))
                        .engine(engine.type)
                        .callTimeout(Duration.ofMillis(1000))
                        .maxMemoryPages(16)
                        .build();
        Result r =
                run(
                        fn,
                        1,
                        record(0x50, "before", "t1"),
                        record(0x50, "trap", "t2"),
                        record(0x50, "loop", "t3"),
                        record(0x50, "grow", "t4"),
                        record(0x50, "after", "t5"));
        assertThat(r.records)
                .extracting(WasmStreamFunctionProcessorITCase::text)
                .containsExactly("0x51 before tid=t1", "0x51 after tid=t5");
        assertThat(r.deadLetters)
                .extracting(d -> d.getRecord().tid() + " " + d.getKind() + " " + d.getModuleName())
                .containsExactly(
                        "t2 TRAP chaos.wasm",
                        "t3 TIMEOUT chaos.wasm",
                        "t4 MEMORY_LIMIT chaos.wasm");
        assertThat(r.deadLetters.get(1).getError())
                .contains("exceeded the call timeout of 1000 ms");
        assertThat(r.deadLetters.get(2).getError()).contains("cap of 16 pages");
    }

    @Test
    void yomoInitFailureFailsTheJobNamingTheModule() {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(
                                WasmModuleSource.fromClasspath("wasm/init_fail.wasm"))
                        .build();
        assertThatThrownBy(() -> run(fn, 1, record(0x33, "x", "t1")))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.findThrowable(e, WasmLoadException.class))
                                        .hasValueSatisfying(
                                                load ->
                                                        assertThat(load)
                                                                .hasMessage(
                                                                        "Wasm module 'init_fail.wasm' cannot be loaded: "
                                                                                + "yomo_init returned 1 (sfn initialization failed)")));
    }

    @Test
    void malformedModuleFailsTheJobNamingTheModule() {
        WasmStreamFunctionProcessor fn =
                WasmStreamFunctionProcessor.builder(
                                WasmModuleSource.fromClasspath("wasm/malformed.wasm"))
                        .build();
        assertThatThrownBy(() -> run(fn, 1, record(0x33, "x", "t1")))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.findThrowable(e, WasmLoadException.class))
                                        .hasValueSatisfying(
                                                load ->
                                                        assertThat(load)
                                                                .hasMessageStartingWith(
                                                                        "Wasm module 'malformed.wasm' cannot be loaded: malformed Wasm binary")));
    }
}
