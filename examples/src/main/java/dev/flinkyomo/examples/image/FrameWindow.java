package dev.flinkyomo.examples.image;

/**
 * Averages over a window of consecutive frames of one camera.
 *
 * @param camera the YoMo source name
 * @param frames frames in the window
 * @param avgBrightness mean of the frames' brightness (0..255)
 * @param minBrightness darkest frame
 * @param maxBrightness brightest frame
 * @param avgEdgePermille mean share of edge pixels, per mille
 */
public record FrameWindow(
        String camera,
        long frames,
        double avgBrightness,
        int minBrightness,
        int maxBrightness,
        double avgEdgePermille) {

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "camera=%s frames=%d brightness avg=%.2f min=%d max=%d edges avg=%.2f permille",
                camera,
                frames,
                avgBrightness,
                minBrightness,
                maxBrightness,
                avgEdgePermille);
    }
}
