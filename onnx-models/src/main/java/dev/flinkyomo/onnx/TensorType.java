package dev.flinkyomo.onnx;

import ai.onnxruntime.OnnxJavaType;
import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Element types of tensors, in WASI-NN's order ({@code tensor-type} of wasi-nn 0.2: f16, f32, f64,
 * u8, i32, i64), so that {@link #wasiNnCode()} is the ordinal a guest passes.
 */
@PublicEvolving
public enum TensorType {
    F16(2, OnnxJavaType.FLOAT16),
    F32(4, OnnxJavaType.FLOAT),
    F64(8, OnnxJavaType.DOUBLE),
    U8(1, OnnxJavaType.UINT8),
    I32(4, OnnxJavaType.INT32),
    I64(8, OnnxJavaType.INT64);

    private final int bytes;
    private final OnnxJavaType ort;

    TensorType(int bytes, OnnxJavaType ort) {
        this.bytes = bytes;
        this.ort = ort;
    }

    /** Size of one element in bytes. */
    public int elementBytes() {
        return bytes;
    }

    public int wasiNnCode() {
        return ordinal();
    }

    /** The type for a WASI-NN code, or null for a code WASI-NN does not define. */
    public static TensorType ofWasiNnCode(int code) {
        TensorType[] all = values();
        return code >= 0 && code < all.length ? all[code] : null;
    }

    OnnxJavaType ort() {
        return ort;
    }

    static TensorType of(OnnxJavaType t) {
        for (TensorType x : values()) {
            if (x.ort == t) {
                return x;
            }
        }
        return null;
    }
}
