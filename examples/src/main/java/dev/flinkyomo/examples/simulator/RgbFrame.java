package dev.flinkyomo.examples.simulator;

/**
 * The raw frame layout the image Wasm function ({@code wasm-guests/c-image/frame_stats.c}) expects:
 * u32 little-endian width, u32 little-endian height, then {@code width * height * 3} bytes of RGB,
 * row major, no padding.
 */
public final class RgbFrame {

    public static final int HEADER_BYTES = 8;

    /** The function's limit on either dimension. */
    public static final int MAX_DIMENSION = 4096;

    private RgbFrame() {}

    /** A frame buffer with the header filled in and all pixels black. */
    public static byte[] allocate(int width, int height) {
        checkDimensions(width, height);
        byte[] frame = new byte[HEADER_BYTES + width * height * 3];
        putU32le(frame, 0, width);
        putU32le(frame, 4, height);
        return frame;
    }

    public static void checkDimensions(int width, int height) {
        if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new IllegalArgumentException(
                    "frame width and height must be 1.."
                            + MAX_DIMENSION
                            + ", got "
                            + width
                            + "x"
                            + height);
        }
    }

    public static int width(byte[] frame) {
        return u32le(frame, 0);
    }

    public static int height(byte[] frame) {
        return u32le(frame, 4);
    }

    /** Offset of pixel (x, y)'s red byte. */
    public static int offset(int width, int x, int y) {
        return HEADER_BYTES + (y * width + x) * 3;
    }

    private static void putU32le(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static int u32le(byte[] b, int at) {
        return (b[at] & 0xFF)
                | (b[at + 1] & 0xFF) << 8
                | (b[at + 2] & 0xFF) << 16
                | (b[at + 3] & 0xFF) << 24;
    }
}
