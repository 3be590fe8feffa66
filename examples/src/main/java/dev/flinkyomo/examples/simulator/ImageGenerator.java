package dev.flinkyomo.examples.simulator;

/**
 * Synthetic camera frames ({@link RgbFrame}), no downloads: a diagonal colour gradient that scrolls
 * a little each frame, lit by a light level that ramps up and down over {@link #LIGHT_PERIOD}
 * frames (so per-window brightness visibly changes), with a white square moving across it (so edges
 * move). Frame {@code seq} is a pure function of {@code seq} and the size.
 */
public final class ImageGenerator implements PayloadGenerator {

    /** Frames per light cycle: dark to bright and back. */
    public static final int LIGHT_PERIOD = 40;

    /** Side of the moving square, in pixels (smaller on tiny frames). */
    public static final int SQUARE = 16;

    private final int width;
    private final int height;

    public ImageGenerator(int width, int height) {
        RgbFrame.checkDimensions(width, height);
        this.width = width;
        this.height = height;
    }

    @Override
    public byte[] payload(long seq, long nowMillis) {
        return frame(seq);
    }

    public byte[] frame(long seq) {
        byte[] f = RgbFrame.allocate(width, height);
        int light = light(seq);
        int shift = (int) (seq * 4 % 256);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = RgbFrame.offset(width, x, y);
                f[at] = (byte) scale((x * 255 / Math.max(1, width - 1) + shift) & 0xFF, light);
                f[at + 1] = (byte) scale(y * 255 / Math.max(1, height - 1), light);
                f[at + 2] = (byte) scale(((x + y) * 2 + shift) & 0xFF, light);
            }
        }
        int side = Math.min(SQUARE, Math.min(width, height));
        int sx = (int) (seq * 3 % Math.max(1, width - side + 1));
        int sy = (int) (seq * 2 % Math.max(1, height - side + 1));
        for (int y = sy; y < sy + side; y++) {
            for (int x = sx; x < sx + side; x++) {
                int at = RgbFrame.offset(width, x, y);
                f[at] = f[at + 1] = f[at + 2] = (byte) 255;
            }
        }
        return f;
    }

    /** Light level in percent, 20..100, a triangle wave over {@link #LIGHT_PERIOD} frames. */
    static int light(long seq) {
        int phase = (int) (seq % LIGHT_PERIOD);
        int half = LIGHT_PERIOD / 2;
        int up = phase <= half ? phase : LIGHT_PERIOD - phase;
        return 20 + up * 80 / half;
    }

    private static int scale(int value, int lightPercent) {
        return value * lightPercent / 100;
    }
}
