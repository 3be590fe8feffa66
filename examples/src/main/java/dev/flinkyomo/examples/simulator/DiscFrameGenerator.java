package dev.flinkyomo.examples.simulator;

import java.util.List;
import java.util.Random;

/**
 * Camera frames for the example classifier ({@code models/colour-discs}): a disc of one of four
 * colours on a dark background, flat or noisy, drawn as the model's training script draws them (its
 * {@code draw}), so the colour the camera shows is known and the example can check every label. The
 * colour changes every {@link #SCENE_FRAMES} frames; frame {@code seq} of camera {@code seed} is a
 * pure function of both.
 */
public final class DiscFrameGenerator implements PayloadGenerator {

    /** The model's classes, in the order of its output. */
    public static final List<String> LABELS = List.of("red", "green", "blue", "yellow");

    /** The model's input size: 224 x 224 RGB. */
    public static final int SIZE = 224;

    /** Frames showing the same colour before the scene changes. */
    public static final int SCENE_FRAMES = 10;

    private static final int[][] COLOURS = {
        {220, 40, 40}, {40, 200, 60}, {50, 70, 230}, {230, 210, 40}
    };

    private final long seed;

    public DiscFrameGenerator(long seed) {
        this.seed = seed;
    }

    /** The colour frame {@code seq} of camera {@code seed} shows: the ground truth. */
    public static String label(long seed, long seq) {
        return LABELS.get((int) Math.floorMod(seed + seq / SCENE_FRAMES, LABELS.size()));
    }

    @Override
    public byte[] payload(long seq, long nowMillis) {
        return frame(seq);
    }

    public byte[] frame(long seq) {
        Random rnd = new Random(seed * 1_000_003L + seq);
        int[] colour = COLOURS[LABELS.indexOf(label(seed, seq))];
        byte[] f = RgbFrame.allocate(SIZE, SIZE);
        int level = rnd.nextInt(90);
        int spread = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(39);
        int r = 25 + rnd.nextInt(55);
        int cy = r + rnd.nextInt(SIZE - 2 * r);
        int cx = r + rnd.nextInt(SIZE - 2 * r);
        double shade = 0.75 + 0.25 * rnd.nextDouble();
        double noise = 15 * rnd.nextDouble();
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int at = RgbFrame.offset(SIZE, x, y);
                boolean disc = (y - cy) * (y - cy) + (x - cx) * (x - cx) <= r * r;
                for (int c = 0; c < 3; c++) {
                    double v =
                            disc
                                    ? colour[c] * shade + rnd.nextGaussian() * noise
                                    : level
                                            + (spread == 0
                                                    ? 0
                                                    : rnd.nextInt(2 * spread + 1) - spread);
                    f[at + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return f;
    }
}
