package dev.flinkyomo.examples.image;

import dev.flinkyomo.examples.simulator.RgbFrame;

/** A Java transcription of frame_stats.c's arithmetic, to check what the Wasm function computed. */
final class FrameStatsOracle {

    private FrameStatsOracle() {}

    /** {brightness, edge permille} of a raw RGB frame. */
    static int[] stats(byte[] frame) {
        int w = RgbFrame.width(frame);
        int h = RgbFrame.height(frame);
        int[] luma = new int[w * h];
        long sum = 0;
        for (int i = 0; i < w * h; i++) {
            int at = RgbFrame.HEADER_BYTES + 3 * i;
            luma[i] =
                    (77 * (frame[at] & 0xFF)
                                    + 150 * (frame[at + 1] & 0xFF)
                                    + 29 * (frame[at + 2] & 0xFF))
                            >> 8;
            sum += luma[i];
        }
        long edges = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int y = luma[r * w + c];
                int right = c + 1 < w ? luma[r * w + c + 1] : y;
                int below = r + 1 < h ? luma[(r + 1) * w + c] : y;
                if (Math.abs(y - right) + Math.abs(y - below) > 32) {
                    edges++;
                }
            }
        }
        return new int[] {(int) (sum / (w * h)), (int) (edges * 1000 / (w * h))};
    }
}
