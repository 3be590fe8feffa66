package dev.flinkyomo.wasm.nn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Camera frames in the guests' format (4-byte LE width, 4-byte LE height, width * height * 3 RGB
 * bytes): one filled disc of a label's colour on a dark background, as the model was trained on.
 */
final class Frames {

    static final int SIDE = 224;
    static final String[] LABELS = {"red", "green", "blue", "yellow"};
    static final int[][] COLOURS = {{220, 40, 40}, {40, 200, 60}, {50, 70, 230}, {230, 210, 40}};

    private Frames() {}

    /** A 224x224 frame with a disc of {@code LABELS[label]}. */
    static byte[] disc(int label) {
        return disc(label, SIDE, SIDE);
    }

    static byte[] disc(int label, int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + width * height * 3).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(width).putInt(height);
        int cx = width * 3 / 5;
        int cy = height * 2 / 5;
        int r = Math.min(width, height) / 5;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean in = (y - cy) * (y - cy) + (x - cx) * (x - cx) <= r * r;
                for (int c = 0; c < 3; c++) {
                    b.put((byte) (in ? COLOURS[label][c] : 25 + (x + y) % 7));
                }
            }
        }
        return b.array();
    }

    /** The pixels of {@link #disc(int)}, without the header. */
    static byte[] pixels(int label) {
        byte[] frame = disc(label);
        byte[] out = new byte[frame.length - 8];
        System.arraycopy(frame, 8, out, 0, out.length);
        return out;
    }

    static byte[] model() {
        return resource("/colour_discs.onnx");
    }

    static byte[] resource(String name) {
        try (InputStream in = Frames.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
