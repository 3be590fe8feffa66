package dev.flinkyomo.benchmarks.y3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's inputs are what it claims, and every decoder agrees on them. */
class Y3DecodeBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"3,ONE", "3,ALL", "16,QUARTER", "32,QUARTER", "63,ONE", "63,ALL"})
    void everyDecoderReadsTheSameValues(int fields, NoiseLikeRecords.Observed observed)
            throws Exception {
        Y3DecodeBenchmark bench = new Y3DecodeBenchmark();
        bench.fields = fields;
        bench.observed = observed;

        bench.setUp(); // throws if any decoder disagrees with the expected values

        assertThat(bench.y3Projected().getArity())
                .isEqualTo(NoiseLikeRecords.observedFields(fields, observed).length);
        assertThat(bench.flinkJsonParser().getArity())
                .isEqualTo(bench.y3FullThenProject().getArity());
    }

    @Test
    void observedFieldsAreSpreadAndSized() {
        assertThat(NoiseLikeRecords.observedFields(63, NoiseLikeRecords.Observed.ONE))
                .containsExactly(30);
        assertThat(NoiseLikeRecords.observedFields(16, NoiseLikeRecords.Observed.ONE))
                .containsExactly(6);
        assertThat(NoiseLikeRecords.observedFields(3, NoiseLikeRecords.Observed.ONE))
                .containsExactly(0);
        for (int fields : new int[] {3, 16, 32, 63}) {
            int one = NoiseLikeRecords.observedFields(fields, NoiseLikeRecords.Observed.ONE)[0];
            assertThat(NoiseLikeRecords.kind(one)).isEqualTo(NoiseLikeRecords.Kind.FLOAT);
        }
        assertThat(NoiseLikeRecords.observedFields(16, NoiseLikeRecords.Observed.QUARTER))
                .containsExactly(2, 6, 10, 14);
        assertThat(NoiseLikeRecords.observedFields(3, NoiseLikeRecords.Observed.QUARTER))
                .containsExactly(1);
        assertThat(NoiseLikeRecords.observedFields(32, NoiseLikeRecords.Observed.ALL))
                .hasSize(32)
                .startsWith(0, 1)
                .endsWith(31);
    }

    @Test
    void agreementCheckCatchesAWrongRecord() throws Exception {
        Decoders decoders = new Decoders(16, NoiseLikeRecords.Observed.ALL);

        assertThatThrownBy(
                        () ->
                                decoders.verifyAgreement(
                                        1,
                                        NoiseLikeRecords.y3(2, 16),
                                        NoiseLikeRecords.json(1, 16)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("y3Projected produced");
    }

    @Test
    void y3AndJsonCarryTheSameRecord() {
        assertThat(new String(NoiseLikeRecords.json(0, 3), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"f0\":20.0,\"f1\":1634567890124,\"f2\":\"edge-0-sensor-2\"}");
        // 90 L {01 float32 20.0 = 41 A0, 02 int64, 03 "edge-0-sensor-2"}
        assertThat(NoiseLikeRecords.y3(0, 3))
                .startsWith(0x90, 0x1D, 0x01, 0x02, 0x41, (byte) 0xA0, 0x02, 0x06);
    }
}
