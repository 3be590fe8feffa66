package dev.flinkyomo.examples.image;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.MetadataKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregation and the parser on their own. */
class FrameWindowAveragesTest {

    @Test
    void averagesMinMaxAndMergeAgree() {
        FrameWindowAverages f = new FrameWindowAverages();
        FrameWindowAverages.Acc a =
                f.add(stats(100, 10), f.add(stats(50, 30), f.createAccumulator()));
        FrameWindowAverages.Acc b = f.add(stats(201, 2), f.createAccumulator());

        assertThat(f.getResult(a)).isEqualTo(new FrameWindow("cam", 2, 75.0, 50, 100, 20.0));
        assertThat(f.getResult(f.merge(a, b)))
                .isEqualTo(new FrameWindow("cam", 3, 117.0, 50, 201, 14.0));
        assertThat(f.getResult(a).toString())
                .isEqualTo(
                        "camera=cam frames=2 brightness avg=75.00 min=50 max=100 edges avg=20.00 permille");
    }

    @Test
    void parserTurnsStatsIntoPojosAndReportsErrorsAndGarbage() {
        FrameStatsParser parser = new FrameStatsParser();
        List<FrameStats> out = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        ProcessFunction<YomoRecord, FrameStats>.Context ctx =
                parser.new Context() {
                    @Override
                    public Long timestamp() {
                        return null;
                    }

                    @Override
                    public TimerService timerService() {
                        throw new UnsupportedOperationException("the parser sets no timers");
                    }

                    @Override
                    public <X> void output(OutputTag<X> tag, X value) {
                        assertThat(tag).isEqualTo(FrameStatsParser.REJECTED);
                        rejected.add((String) value);
                    }
                };
        Collector<FrameStats> collector = new ListCollector<>(out);
        parser.processElement(
                record(0x41, "{\"width\":4,\"height\":2,\"brightness\":77,\"edge_permille\":125}"),
                ctx,
                collector);
        parser.processElement(
                record(0x4E, "frame length: expected 32 bytes, got 9"), ctx, collector);
        parser.processElement(record(0x41, "{\"width\":4}"), ctx, collector);
        parser.processElement(record(0x41, "not json"), ctx, collector);
        parser.processElement(record(0x40, "raw"), ctx, collector);

        assertThat(out).containsExactly(new FrameStats("cam", "t1", 4, 2, 77, 125));
        assertThat(rejected).hasSize(4);
        assertThat(rejected.get(0))
                .isEqualTo(
                        "frame from 'cam' (tid t1) rejected by the image function: frame length: expected 32 bytes, got 9");
        assertThat(rejected.get(1))
                .isEqualTo(
                        "frame from 'cam' (tid t1): unreadable statistics {\"width\":4} (missing integer field 'height')");
        assertThat(rejected.get(2))
                .startsWith(
                        "frame from 'cam' (tid t1): unreadable statistics not json (Unrecognized token 'not'");
        assertThat(rejected.get(3)).isEqualTo("frame from 'cam' (tid t1) has unexpected tag 0x40");
    }

    private static YomoRecord record(long tag, String payload) {
        YomoRecord r =
                new YomoRecord(
                        tag,
                        payload.getBytes(StandardCharsets.UTF_8),
                        Map.of(MetadataKeys.TID, "t1"));
        r.setClientName("cam");
        return r;
    }

    private static FrameStats stats(int brightness, int edges) {
        return new FrameStats("cam", "t", 4, 4, brightness, edges);
    }
}
