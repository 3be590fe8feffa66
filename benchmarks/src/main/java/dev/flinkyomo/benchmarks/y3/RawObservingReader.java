package dev.flinkyomo.benchmarks.y3;

import dev.flinkyomo.y3.NVarInt;
import dev.flinkyomo.y3.VarFloat;
import dev.flinkyomo.y3.Y3ObservingDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference point without Flink: the core {@link Y3ObservingDecoder} with a visitor that
 * decodes observed numbers into primitive slots and keeps strings as (offset, length) into the
 * input. No RowData, no per-record allocation.
 */
final class RawObservingReader implements Y3ObservingDecoder.Visitor {

    private final Y3ObservingDecoder decoder; // null when legacy is set
    private final LegacyObservingDecoder legacy; // the walk before the skip loop, for A/B
    private final NoiseLikeRecords.Kind[] kinds;
    private final float[] floats;
    private final long[] longs;
    private final int[] stringOffsets;
    private final int[] stringLengths;
    private byte[] current;

    RawObservingReader(int[] observedFields) {
        this(observedFields, false);
    }

    /**
     * @param useLegacy walk with {@link LegacyObservingDecoder} (the code before the skip loop)
     */
    RawObservingReader(int[] observedFields, boolean useLegacy) {
        this(observedFields, useLegacy, false);
    }

    /**
     * @param firstWins build the decoder with first-occurrence-wins (the walk of {@code
     *     y3ProjectedFirstWins} without RowData)
     */
    RawObservingReader(int[] observedFields, boolean useLegacy, boolean firstWins) {
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder().firstOccurrenceWins(firstWins);
        LegacyObservingDecoder.Builder lb = LegacyObservingDecoder.builder();
        kinds = new NoiseLikeRecords.Kind[observedFields.length];
        for (int i = 0; i < observedFields.length; i++) {
            int slot =
                    b.observe(NoiseLikeRecords.RECORD_KEY, NoiseLikeRecords.key(observedFields[i]));
            lb.observe(NoiseLikeRecords.RECORD_KEY, NoiseLikeRecords.key(observedFields[i]));
            kinds[slot] = NoiseLikeRecords.kind(observedFields[i]);
        }
        decoder = useLegacy ? null : b.build();
        legacy = useLegacy ? lb.build() : null;
        floats = new float[kinds.length];
        longs = new long[kinds.length];
        stringOffsets = new int[kinds.length];
        stringLengths = new int[kinds.length];
    }

    /** Decodes the observed fields of one record; returns a checksum so the JIT keeps the work. */
    long read(byte[] record) {
        current = record;
        if (legacy != null) {
            legacy.decode(record, this);
        } else {
            decoder.decode(record, this);
        }
        long sum = 0;
        for (int i = 0; i < kinds.length; i++) {
            sum +=
                    Float.floatToRawIntBits(floats[i])
                            + longs[i]
                            + stringOffsets[i]
                            + stringLengths[i];
        }
        return sum;
    }

    @Override
    public void onValue(int field, int tag, byte[] buf, int valueIndex, int valueLength, int base) {
        switch (kinds[field]) {
            case FLOAT -> floats[field] = VarFloat.decode32(buf, valueIndex, valueLength, base);
            case BIGINT -> longs[field] = NVarInt.decodeValue64(buf, valueIndex, valueLength, base);
            case STRING -> {
                stringOffsets[field] = valueIndex;
                stringLengths[field] = valueLength;
            }
        }
    }

    /** The values of the last record read, as Java objects (for agreement checks, allocates). */
    List<Object> lastValues() {
        List<Object> out = new ArrayList<>(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            out.add(
                    switch (kinds[i]) {
                        case FLOAT -> floats[i];
                        case BIGINT -> longs[i];
                        case STRING ->
                                new String(
                                        current,
                                        stringOffsets[i],
                                        stringLengths[i],
                                        java.nio.charset.StandardCharsets.UTF_8);
                    });
        }
        return out;
    }
}
