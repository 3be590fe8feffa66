package dev.flinkyomo.onnx;

import dev.flinkyomo.annotation.PublicEvolving;

import java.util.Arrays;

/** A model input or output as the model declares it; -1 in {@code shape} is a free dimension. */
@PublicEvolving
public record TensorSpec(String name, TensorType type, long[] shape) {

    /** Whether {@code actual} fits the declared shape (same rank, equal wherever fixed). */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && shape[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape);
    }
}
