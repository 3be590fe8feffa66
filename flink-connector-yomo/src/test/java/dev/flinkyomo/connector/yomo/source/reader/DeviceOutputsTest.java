package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.ConnectionInfo;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which output each device's frames get, the cap, the release of silent devices. */
class DeviceOutputsTest {

    private static final String SPLIT = "listener-0";

    /** An output that drops everything. */
    static class Dropping implements SourceOutput<String> {
        @Override
        public void collect(String record) {}

        @Override
        public void collect(String record, long timestamp) {}

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    /** Records the outputs made and released; each output is a distinct object. */
    static final class Reader extends Dropping implements ReaderOutput<String> {
        final List<String> created = new ArrayList<>();
        final List<String> released = new ArrayList<>();

        @Override
        public SourceOutput<String> createOutputForSplit(String splitId) {
            created.add(splitId);
            return new Named(splitId);
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            released.add(splitId);
        }
    }

    static final class Named extends Dropping {
        final String id;

        Named(String id) {
            this.id = id;
        }
    }

    private static ConnectionInfo source(String name, String id) {
        return new ConnectionInfo(
                name, id, ClientType.SOURCE.code(), ProtocolGeneration.FINAL, "test");
    }

    private static final ConnectionInfo UPSTREAM =
            new ConnectionInfo(
                    "zipper-a",
                    "",
                    ClientType.UPSTREAM_ZIPPER.code(),
                    ProtocolGeneration.FINAL,
                    "test");

    private static String route(
            DeviceOutputs<String> devices, ConnectionInfo c, String sourceId, long at) {
        byte[] md =
                sourceId == null
                        ? MetadataCodec.encode(Map.of())
                        : MetadataCodec.encode(Map.of(MetadataKeys.SOURCE_ID, sourceId));
        InboundFrame frame = new InboundFrame(0x33, md, new byte[0], c, at);
        YomoRecord record = YomoRecord.fromWire(0x33, new byte[0], md);
        return ((Named) devices.outputFor(frame, record, new Named(SPLIT), SPLIT)).id;
    }

    private static DeviceOutputs<String> devices(Reader reader, int max, Duration retention) {
        DeviceOutputs<String> d =
                new DeviceOutputs<>(
                        new DeviceWatermarkSettings(true, max, retention),
                        new UnregisteredMetricsGroup(),
                        "test");
        d.bind(reader);
        return d;
    }

    @Test
    void eachDeviceGetsItsOwnOutputAndTheSplitsOwnIsReleasedOnce() {
        Reader reader = new Reader();
        DeviceOutputs<String> d = devices(reader, 10, Duration.ofMinutes(5));
        assertThat(route(d, source("meter", "m-1"), null, 1000)).isEqualTo("listener-0/device/m-1");
        assertThat(route(d, source("meter", "m-2"), null, 1000)).isEqualTo("listener-0/device/m-2");
        assertThat(route(d, source("meter", "m-1"), null, 1001)).isEqualTo("listener-0/device/m-1");
        // no id: the name; forwarded by a zipper: the source id the frame carries
        assertThat(route(d, source("thermo", ""), null, 1002))
                .isEqualTo("listener-0/device/thermo");
        assertThat(route(d, UPSTREAM, "m-2", 1003)).isEqualTo("listener-0/device/m-2");
        assertThat(route(d, UPSTREAM, null, 1003)).isEqualTo("listener-0/device/zipper-a");
        assertThat(reader.released).containsExactly(SPLIT);
        assertThat(reader.created)
                .containsExactly(
                        "listener-0/device/m-1",
                        "listener-0/device/m-2",
                        "listener-0/device/thermo",
                        "listener-0/device/zipper-a");
    }

    @Test
    void devicesPastTheCapShareOneOutputUntilASilentOneIsReleased() {
        Reader reader = new Reader();
        DeviceOutputs<String> d = devices(reader, 2, Duration.ofSeconds(10));
        route(d, source("a", "a"), null, 0);
        route(d, source("b", "b"), null, 0);
        assertThat(route(d, source("c", "c"), null, 500)).isEqualTo("listener-0/devices-shared");
        assertThat(route(d, source("c", "c"), null, 600)).isEqualTo("listener-0/devices-shared");
        // b keeps sending, a went quiet at 0: released after 10 s, c gets its own output
        route(d, source("b", "b"), null, 9_000);
        assertThat(route(d, source("c", "c"), null, 10_500)).isEqualTo("listener-0/device/c");
        assertThat(reader.released).contains("listener-0/device/a");
        assertThat(d.size()).isEqualTo(2);
        // a comes back: counted again, with a fresh output, once there is room
        route(d, source("c", "c"), null, 21_000);
        assertThat(route(d, source("a", "a"), null, 21_000)).isEqualTo("listener-0/device/a");
        assertThat(reader.released).contains("listener-0/device/b", "listener-0/devices-shared");
    }

    @Test
    void outputIdsArePrintableBoundedAndApartFromSplitIds() {
        assertThat(DeviceOutputs.outputKey("dev\n1")).isEqualTo("dev\\n1");
        String longA = "x".repeat(100) + "a";
        String longB = "x".repeat(100) + "b";
        assertThat(DeviceOutputs.outputKey(longA)).hasSize(DeviceOutputs.MAX_KEY);
        assertThat(DeviceOutputs.outputKey(longA)).isNotEqualTo(DeviceOutputs.outputKey(longB));
        assertThat(DeviceOutputs.isDeviceOutput("listener-0/device/a")).isTrue();
        assertThat(DeviceOutputs.isDeviceOutput("listener-0/devices-shared")).isTrue();
        assertThat(DeviceOutputs.isDeviceOutput("listener-0")).isFalse();
    }

    @Test
    void lateRecordsAndDeviceLagAreObservedInTheGenerators() {
        long[] now = {100_000};
        LatenessObservingStrategy.Tracker tracker =
                new LatenessObservingStrategy.Tracker(new UnregisteredMetricsGroup(), () -> now[0]);
        WatermarkOutput sink =
                new WatermarkOutput() {
                    @Override
                    public void emitWatermark(Watermark watermark) {}

                    @Override
                    public void markIdle() {}

                    @Override
                    public void markActive() {}
                };
        // watermark = last timestamp - 2 s, emitted periodically
        LatenessObservingStrategy.Observer<Long> onTime =
                new LatenessObservingStrategy.Observer<>(new Delayed(), tracker);
        LatenessObservingStrategy.Observer<Long> lagging =
                new LatenessObservingStrategy.Observer<>(new Delayed(), tracker);
        onTime.onEvent(0L, 100_000, sink);
        lagging.onEvent(0L, 90_000, sink);
        onTime.onPeriodicEmit(sink);
        lagging.onPeriodicEmit(sink);
        tracker.recompute(now[0]);
        assertThat(tracker.maxLag()).isEqualTo(12_000);
        assertThat(tracker.minLag()).isEqualTo(2_000);
        // the subtask's watermark is the lagging device's, 88 s: 87.9 s is late, 88.1 s is not
        lagging.onEvent(0L, 87_900, sink);
        lagging.onEvent(0L, 88_100, sink);
        assertThat(tracker.late.getCount()).isEqualTo(1);
        // the lagging device goes idle: out of the minimum, its lag no longer counts
        lagging.markIdle();
        tracker.recompute(now[0]);
        assertThat(tracker.maxLag()).isEqualTo(2_000);
        // a generator no longer called (its output released) is forgotten after 3 s
        now[0] += 4_000;
        onTime.onPeriodicEmit(sink);
        tracker.recompute(now[0]);
        tracker.recompute(now[0] + 4_000);
        assertThat(tracker.maxLag()).isEqualTo(-1);
    }

    /** Bounded out-of-orderness of 2 s, minimal. */
    static final class Delayed implements WatermarkGenerator<Long> {
        long max = Long.MIN_VALUE + 2_001;

        @Override
        public void onEvent(Long event, long ts, WatermarkOutput output) {
            max = Math.max(max, ts);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(max - 2_000));
        }
    }
}
