package dev.flinkyomo.benchmarks.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The example classifier and frames for it: 224 x 224 RGB, a coloured disc on a dark background.
 */
final class ClassifierFrames {

    static final int SIZE = 224;
    static final int PIXEL_BYTES = SIZE * SIZE * 3;
    private static final int[][] COLOURS = {
        {220, 40, 40}, {40, 200, 60}, {50, 70, 230}, {230, 210, 40}
    };

    private ClassifierFrames() {}

    static byte[] model() {
        try (InputStream in = ClassifierFrames.class.getResourceAsStream("colour_discs.onnx")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frame {@code i}'s pixels: a disc of colour {@code i % 4}, moving with i. */
    static byte[] pixels(long i) {
        byte[] px = new byte[PIXEL_BYTES];
        int[] colour = COLOURS[(int) (i % 4)];
        int cx = 60 + (int) (i * 7 % 100);
        for (int p = 0; p < PIXEL_BYTES; p += 3) {
            int y = p / 3 / SIZE - 112;
            int x = p / 3 % SIZE - cx;
            boolean disc = x * x + y * y <= 45 * 45;
            for (int c = 0; c < 3; c++) {
                px[p + c] = (byte) (disc ? colour[c] : 30);
            }
        }
        return px;
    }

    static int label(long i) {
        return (int) (i % 4);
    }
}
