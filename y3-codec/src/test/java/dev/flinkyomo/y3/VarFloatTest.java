package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** yomo-protocol.md §1.9.3 (verbatim, varfloat_test.go) and the derived values. */
class VarFloatTest {

    @ParameterizedTest(name = "float32 {0} <-> {1}")
    @CsvSource({
        "0, 00",
        "1, 3F 80",
        "25, 41 C8",
        "-2, C0",
        "0.25, 3E 80",
        "0.375, 3E C0",
        "12.375, 41 46",
        "68.123, 42 88 3E FA",
        "1.23, 3F 9D 70 A4",
        "40.5, 42 22"
    })
    void float32(float value, String hex) {
        assertThat(Hex.of(VarFloat.encode32(value))).isEqualTo(hex);
        byte[] b = Hex.bytes(hex);
        assertThat(VarFloat.decode32(b, 0, b.length, 0)).isEqualTo(value);
    }

    @ParameterizedTest(name = "float64 {0} <-> {1}")
    @CsvSource({
        "0, 00",
        "1, 3F F0",
        "2, 40",
        "23, 40 37",
        "-2, C0",
        "0.01171875, 3F 88",
        "1.23, 3F F3 AE 14 7A E1 47 AE"
    })
    void float64(double value, String hex) {
        assertThat(Hex.of(VarFloat.encode64(value))).isEqualTo(hex);
        byte[] b = Hex.bytes(hex);
        assertThat(VarFloat.decode64(b, 0, b.length, 0)).isEqualTo(value);
    }

    @Test
    void specialValuesRoundTrip() {
        for (float f :
                new float[] {
                    Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE
                }) {
            byte[] b = VarFloat.encode32(f);
            assertThat(Float.floatToRawIntBits(VarFloat.decode32(b, 0, b.length, 0)))
                    .isEqualTo(Float.floatToRawIntBits(f));
        }
        for (double d :
                new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE}) {
            byte[] b = VarFloat.encode64(d);
            assertThat(Double.doubleToRawLongBits(VarFloat.decode64(b, 0, b.length, 0)))
                    .isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void widthIsChecked() {
        assertThatThrownBy(() -> VarFloat.decode32(new byte[5], 0, 5, 0))
                .isInstanceOf(Y3Exception.class);
        assertThatThrownBy(() -> VarFloat.decode64(new byte[9], 0, 9, 0))
                .isInstanceOf(Y3Exception.class);
        assertThatThrownBy(() -> VarFloat.decode32(new byte[0], 0, 0, 0))
                .isInstanceOf(Y3Exception.class);
    }
}
