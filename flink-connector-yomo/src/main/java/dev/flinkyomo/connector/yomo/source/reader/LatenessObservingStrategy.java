package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkAlignmentParams;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A {@link WatermarkStrategy} that behaves as the one it wraps and observes its generators: the
 * source operator makes one generator per output (per device with per-device watermarks), all from
 * the one deserialized strategy of a subtask, so a tracker in that instance sees every device's
 * assigned timestamps and watermarks. See {@link
 * dev.flinkyomo.connector.yomo.source.YomoWatermarks#withLatenessMetrics}.
 *
 * <p>The subtask's watermark is mirrored as the minimum over the active generators (idle ones and
 * ones without a watermark yet excluded), never going back, recomputed at most every {@value
 * Tracker#RECOMPUTE_MILLIS} ms: a record counts as late against a watermark at most that old.
 * Generators not called for {@value Tracker#STALE_MILLIS} ms (their output was released) are
 * forgotten. Task thread only, except the gauges, which read volatile values.
 */
@Internal
public final class LatenessObservingStrategy<T> implements WatermarkStrategy<T> {

    private static final long serialVersionUID = 1L;

    private final WatermarkStrategy<T> inner;
    private transient Tracker tracker;

    public LatenessObservingStrategy(WatermarkStrategy<T> inner) {
        this.inner = Objects.requireNonNull(inner, "strategy");
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        if (tracker == null) {
            tracker =
                    new Tracker(
                            context.getMetricGroup().addGroup("yomo"), System::currentTimeMillis);
        }
        return new Observer<>(inner.createWatermarkGenerator(context), tracker);
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return inner.createTimestampAssigner(context);
    }

    @Override
    public WatermarkAlignmentParams getAlignmentParameters() {
        return inner.getAlignmentParameters();
    }

    /** The watermarks of one subtask's generators. */
    static final class Tracker {
        static final long RECOMPUTE_MILLIS = 50;
        static final long STALE_MILLIS = 3_000;

        final Counter late;
        private final LongSupplier clock;
        private final List<Observer<?>> observers = new ArrayList<>();
        private long combined = Long.MIN_VALUE;
        private long lastRecompute = Long.MIN_VALUE;
        private volatile long maxLag = -1;
        private volatile long minLag = -1;

        Tracker(MetricGroup group, LongSupplier clock) {
            this.clock = clock;
            this.late = group.counter("numLateRecords");
            group.gauge("maxDeviceWatermarkLag", () -> maxLag);
            group.gauge("minDeviceWatermarkLag", () -> minLag);
        }

        long combined() {
            return combined;
        }

        long maxLag() {
            return maxLag;
        }

        long minLag() {
            return minLag;
        }

        void touched(Observer<?> o) {
            if (!o.registered) {
                o.registered = true;
                observers.add(o);
            }
        }

        void maybeRecompute() {
            long now = clock.getAsLong();
            if (now - lastRecompute >= RECOMPUTE_MILLIS) {
                recompute(now);
            }
        }

        void recompute(long now) {
            lastRecompute = now;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (Iterator<Observer<?>> it = observers.iterator(); it.hasNext(); ) {
                Observer<?> o = it.next();
                if (o.called) {
                    o.called = false;
                    o.lastCalled = now;
                } else if (now - o.lastCalled > STALE_MILLIS) {
                    o.registered = false;
                    it.remove();
                    continue;
                }
                if (o.idle || o.watermark == Long.MIN_VALUE) {
                    continue;
                }
                min = Math.min(min, o.watermark);
                max = Math.max(max, o.watermark);
            }
            if (min == Long.MAX_VALUE) {
                maxLag = -1;
                minLag = -1;
                return;
            }
            combined = Math.max(combined, min);
            maxLag = Math.max(0, now - min);
            minLag = Math.max(0, now - max);
        }
    }

    /** One output's generator, observed. */
    static final class Observer<T> implements WatermarkGenerator<T>, WatermarkOutput {
        private final WatermarkGenerator<T> inner;
        private final Tracker tracker;
        private WatermarkOutput out;
        long watermark = Long.MIN_VALUE;
        boolean idle;
        boolean called;
        boolean registered;
        long lastCalled;

        Observer(WatermarkGenerator<T> inner, Tracker tracker) {
            this.inner = inner;
            this.tracker = tracker;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp <= tracker.combined()) {
                tracker.late.inc();
            }
            called = true;
            idle = false;
            tracker.touched(this);
            out = output;
            inner.onEvent(event, eventTimestamp, this);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            called = true;
            tracker.touched(this);
            out = output;
            inner.onPeriodicEmit(this);
            tracker.maybeRecompute();
        }

        @Override
        public void emitWatermark(Watermark w) {
            idle = false;
            if (w.getTimestamp() > watermark) {
                watermark = w.getTimestamp();
            }
            out.emitWatermark(w);
        }

        @Override
        public void markIdle() {
            idle = true;
            out.markIdle();
        }

        @Override
        public void markActive() {
            idle = false;
            out.markActive();
        }
    }
}
