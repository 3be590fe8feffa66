package dev.flinkyomo.wasm.nn;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.runtime.HostOptions;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.yomo.MetadataKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both classifier guests and the probe in the Flink operator ({@link WasmStreamFunctionProcessor})
 * on a MiniCluster, in one job: the classifications, WASI-NN errors the guests report on tag 0x4E,
 * and a guest that traps after an error code going to the dead letters while the job goes on.
 */
class WasiNnJobITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestCluster.create();

    static YomoRecord record(long tag, byte[] payload, String tid) {
        return new YomoRecord(tag, payload, Map.of(MetadataKeys.TID, tid));
    }

    static WasmStreamFunctionProcessor processor(WasmModuleSource guest, HostOptions host) {
        return WasmStreamFunctionProcessor.builder(guest)
                .callTimeout(Duration.ofSeconds(20))
                .hostOptions(host)
                .build();
    }

    static String text(String who, YomoRecord r) {
        String payload =
                r.getTag() == ProbeScript.RESULT_TAG
                        ? java.util.Arrays.toString(ProbeScript.results(r.getPayload()))
                        : new String(r.getPayload(), StandardCharsets.UTF_8);
        return who + " " + r.tid() + " 0x" + Long.toHexString(r.getTag()) + " " + payload;
    }

    static byte[] loadByName(String model) {
        ProbeScript s = new ProbeScript(1);
        int name = s.putString(model);
        int handle = s.reserve(4);
        return s.call(ProbeScript.LOAD_BY_NAME, name, model.length(), handle).build();
    }

    @Test
    void guestsClassifyInTheOperatorAndErrorsNeitherStopTheJobNorLoseRecords() throws Exception {
        HostOptions models = WasiNnConfig.builder().model("colour_discs", Frames.model()).build();
        List<YomoRecord> frames = new ArrayList<>();
        for (int label = 0; label < Frames.LABELS.length; label++) {
            frames.add(
                    record(ClassifierGuests.FRAME_TAG, Frames.disc(label), Frames.LABELS[label]));
        }
        frames.add(record(ClassifierGuests.FRAME_TAG, Frames.disc(0, 16, 16), "small"));
        byte[] trap = new ProbeScript(1).call(ProbeScript.TRAP).build();
        List<YomoRecord> probes =
                List.of(
                        record(ProbeScript.TAG, loadByName("no_such_model"), "p1"),
                        record(ProbeScript.TAG, trap, "p2"),
                        record(ProbeScript.TAG, loadByName("colour_discs"), "p3"));

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        TypeInformation<YomoRecord> type = TypeInformation.of(YomoRecord.class);
        DataStream<YomoRecord> in = env.fromData(type, frames.toArray(new YomoRecord[0]));
        DataStream<String> c =
                in.process(processor(ClassifierGuests.C.source(), models))
                        .returns(type)
                        .map(r -> text("c", r))
                        .returns(Types.STRING);
        DataStream<String> rust =
                in.process(processor(ClassifierGuests.RUST.source(), models))
                        .returns(type)
                        .map(r -> text("rust", r))
                        .returns(Types.STRING);
        // no models for the probe but shipped ones: "no_such_model" is not found
        SingleOutputStreamOperator<YomoRecord> probe =
                env.fromData(type, probes.toArray(new YomoRecord[0]))
                        .process(processor(ProbeScript.guest(), models))
                        .returns(type);
        DataStream<String> probeOut = probe.map(r -> text("probe", r)).returns(Types.STRING);
        DataStream<String> dead =
                probe.getSideOutput(WasmStreamFunctionProcessor.DEAD_LETTERS)
                        .map(d -> "dead " + d.getRecord().tid() + " " + d.getKind())
                        .returns(Types.STRING);

        List<String> out = new ArrayList<>();
        c.union(rust, probeOut, dead).executeAndCollect().forEachRemaining(out::add);

        List<String> expected = new ArrayList<>();
        for (String who : List.of("c", "rust")) {
            for (String label : Frames.LABELS) {
                expected.add(who + " " + label + " 0x42 {\"label\":\"" + label + "\",\"score\":");
            }
            expected.add(who + " small 0x4e frame is 16x16 in 776 bytes;");
        }
        assertThat(out).hasSize(expected.size() + 3);
        for (String prefix : expected) {
            assertThat(out).anyMatch(line -> line.startsWith(prefix));
        }
        int notFound = NnErrno.NOT_FOUND.code();
        assertThat(out)
                .contains("probe p1 0x51 [" + notFound + "]", "dead p2 TRAP", "probe p3 0x51 [0]");
    }
}
