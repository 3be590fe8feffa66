package dev.flinkyomo.examples.image;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental averages of {@link FrameStats} into a {@link FrameWindow}; O(1) state per window. */
public final class FrameWindowAverages
        implements AggregateFunction<FrameStats, FrameWindowAverages.Acc, FrameWindow> {

    private static final long serialVersionUID = 1L;

    /** Running sums; a Flink POJO so the window state needs no Kryo. */
    public static class Acc {
        public String camera;
        public long frames;
        public long brightnessSum;
        public int minBrightness = Integer.MAX_VALUE;
        public int maxBrightness = Integer.MIN_VALUE;
        public long edgeSum;
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    @Override
    public Acc add(FrameStats f, Acc acc) {
        acc.camera = f.getCamera();
        acc.frames++;
        acc.brightnessSum += f.getBrightness();
        acc.minBrightness = Math.min(acc.minBrightness, f.getBrightness());
        acc.maxBrightness = Math.max(acc.maxBrightness, f.getBrightness());
        acc.edgeSum += f.getEdgePermille();
        return acc;
    }

    @Override
    public FrameWindow getResult(Acc acc) {
        if (acc.frames == 0) {
            throw new IllegalStateException("a window fires only with frames in it");
        }
        return new FrameWindow(
                acc.camera,
                acc.frames,
                (double) acc.brightnessSum / acc.frames,
                acc.minBrightness,
                acc.maxBrightness,
                (double) acc.edgeSum / acc.frames);
    }

    @Override
    public Acc merge(Acc a, Acc b) {
        Acc m = new Acc();
        m.camera = a.camera != null ? a.camera : b.camera;
        m.frames = a.frames + b.frames;
        m.brightnessSum = a.brightnessSum + b.brightnessSum;
        m.minBrightness = Math.min(a.minBrightness, b.minBrightness);
        m.maxBrightness = Math.max(a.maxBrightness, b.maxBrightness);
        m.edgeSum = a.edgeSum + b.edgeSum;
        return m;
    }
}
