package dev.flinkyomo.wasm.runtime;

import org.apache.flink.annotation.Internal;

/** The four Wasm number types; every value crosses the engine boundary as a raw {@code long}. */
@Internal
public enum WasmValueType {
    I32,
    I64,
    F32,
    F64;

    /** Raw {@code long} slot for a Java value of this type (floats as their IEEE bit patterns). */
    public long toRaw(Number value) {
        switch (this) {
            case I32:
                return value.intValue();
            case I64:
                return value.longValue();
            case F32:
                return Float.floatToRawIntBits(value.floatValue());
            default:
                return Double.doubleToRawLongBits(value.doubleValue());
        }
    }

    /** The Java value (Integer, Long, Float, Double) held in a raw slot. */
    public Number fromRaw(long raw) {
        switch (this) {
            case I32:
                return (int) raw;
            case I64:
                return raw;
            case F32:
                return Float.intBitsToFloat((int) raw);
            default:
                return Double.longBitsToDouble(raw);
        }
    }

    public String wasmName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
