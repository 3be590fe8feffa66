package dev.flinkyomo.onnx;

import dev.flinkyomo.annotation.PublicEvolving;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A tensor as raw little-endian bytes: what a WASI-NN guest hands over and gets back, and what the
 * SQL provider builds from a row. Keeping bytes (not Java arrays) means a guest's tensor is copied
 * once, from guest memory into a direct buffer ONNX Runtime reads in place.
 */
@PublicEvolving
public record Tensor(TensorType type, long[] shape, ByteBuffer data) {

    /** Number of elements {@code shape} describes, or -1 if it overflows or has a negative dim. */
    public static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape) + " (" + data.remaining() + " bytes)";
    }
}
