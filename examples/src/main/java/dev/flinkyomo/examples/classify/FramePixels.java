package dev.flinkyomo.examples.classify;

import org.apache.flink.table.functions.ScalarFunction;

import dev.flinkyomo.examples.simulator.RgbFrame;

import java.util.Arrays;

/**
 * {@code frame_pixels(frame)}: the RGB bytes of a raw camera frame ({@link RgbFrame}: an 8-byte
 * size header, then the pixels), or NULL for a frame whose length does not match its header. Flink
 * SQL has no substring for BYTES (SUBSTRING and SUBSTR take only strings in Flink 2.3), so the
 * example registers this function to hand ML_PREDICT the pixels alone.
 */
public final class FramePixels extends ScalarFunction {

    public byte[] eval(byte[] frame) {
        if (frame == null || frame.length < RgbFrame.HEADER_BYTES) {
            return null;
        }
        long pixels = 3L * RgbFrame.width(frame) * RgbFrame.height(frame);
        if (frame.length - RgbFrame.HEADER_BYTES != pixels) {
            return null;
        }
        return Arrays.copyOfRange(frame, RgbFrame.HEADER_BYTES, frame.length);
    }
}
