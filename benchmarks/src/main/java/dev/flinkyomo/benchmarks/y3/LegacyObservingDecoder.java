package dev.flinkyomo.benchmarks.y3;

import dev.flinkyomo.y3.Y3Header;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3ObservingDecoder.Visitor;
import dev.flinkyomo.y3.Y3Tag;

import java.util.Arrays;

/**
 * The default (last-wins) walk of {@code Y3ObservingDecoder} as it was before the skip loop (commit
 * 6a42a30), reduced to the benchmark's shape (one record node, observed keys directly inside it),
 * so that {@code y3ObservingRawBefore} times baseline and candidate in one JMH run. The per-TLV
 * loop is the old one, unchanged.
 */
final class LegacyObservingDecoder {

    private final int recordKey;
    private final long recordMask;
    private final long fieldMask;
    private final int[] fields = new int[Y3Tag.MAX_KEY + 1];
    private final int maxValueLength = Y3Limits.DEFAULT.maxPacketSize();

    /** Observes {@code keys[i]} inside the node at {@code recordKey} as field {@code i}. */
    LegacyObservingDecoder(int recordKey, int[] keys) {
        this.recordKey = recordKey;
        this.recordMask = 1L << recordKey;
        Arrays.fill(fields, -1);
        long mask = 0;
        for (int i = 0; i < keys.length; i++) {
            fields[keys[i]] = i;
            mask |= 1L << keys[i];
        }
        this.fieldMask = mask;
    }

    void decode(byte[] buf, Visitor visitor) {
        walk(true, recordMask, buf, 0, buf.length, visitor);
    }

    private void walk(boolean root, long interesting, byte[] buf, int pos, int end, Visitor v) {
        while (pos < end) {
            int tag = buf[pos];
            int valueIndex;
            int valueLength;
            // fast path: a one-byte length (0..63) is by far the most common header
            int first = pos + 1 < end ? buf[pos + 1] : -1;
            if ((first & 0xC0) == 0 && first <= maxValueLength && pos + 2 + first <= end) {
                valueIndex = pos + 2;
                valueLength = first;
            } else {
                long h = Y3Header.parseWithin(buf, pos, end, maxValueLength, 0);
                valueIndex = pos + Y3Header.headerSize(h);
                valueLength = Y3Header.valueLength(h);
            }
            if ((interesting >>> tag & 1L) != 0) { // the shift uses the low 6 bits: the key
                if (root) {
                    if ((tag & Y3Tag.KEY_MASK) == recordKey && Y3Tag.isNode(tag)) {
                        walk(false, fieldMask, buf, valueIndex, valueIndex + valueLength, v);
                    }
                } else {
                    int field = fields[tag & Y3Tag.KEY_MASK];
                    v.onValue(field, tag & 0xFF, buf, valueIndex, valueLength, 0);
                }
            }
            pos = valueIndex + valueLength;
        }
    }
}
