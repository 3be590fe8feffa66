package dev.flinkyomo.ml.onnx;

/**
 * Test frames for the colour-disc model: a disc of one class's colour on a flat dark background.
 */
final class DiscFrames {

    static final String[] LABELS = {"red", "green", "blue", "yellow"};
    static final int[][] COLOURS = {{220, 40, 40}, {40, 200, 60}, {50, 70, 230}, {230, 210, 40}};
    static final int SIZE = 224;

    private DiscFrames() {}

    /** 224 x 224 RGB rows, the disc centred at ({@code centre}, 112). */
    static byte[] frame(int label, int centre, int radius) {
        byte[] px = new byte[SIZE * SIZE * 3];
        for (int i = 0; i < px.length; i += 3) {
            int y = i / 3 / SIZE - SIZE / 2;
            int x = i / 3 % SIZE - centre;
            boolean disc = x * x + y * y <= radius * radius;
            for (int c = 0; c < 3; c++) {
                px[i + c] = (byte) (disc ? COLOURS[label][c] : 25);
            }
        }
        return px;
    }
}
