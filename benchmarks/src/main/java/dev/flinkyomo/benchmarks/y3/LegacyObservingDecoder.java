package dev.flinkyomo.benchmarks.y3;

import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Header;
import dev.flinkyomo.y3.Y3KeyPath;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3ObservingDecoder.Visitor;
import dev.flinkyomo.y3.Y3Tag;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code LegacyObservingDecoder} exactly as it was before the skip loop (commit 6a42a30; only the
 * package, the name and the shared Visitor interface differ), so that {@code y3ObservingRawBefore}
 * times baseline and candidate in one JMH run. A deliberate copy: delete it with the comparison.
 */
final class LegacyObservingDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final class Level implements Serializable {
        private static final long serialVersionUID = 1L;
        final int[] fields = new int[Y3Tag.MAX_KEY + 1];
        final Level[] children = new Level[Y3Tag.MAX_KEY + 1];

        /**
         * Bit k set when key k is observed or leads to an observed key: one test skips the rest.
         */
        long interesting;

        Level() {
            Arrays.fill(fields, -1);
        }
    }

    private final Level root;
    private final boolean firstOccurrenceWins;
    private final int fieldCount;
    private final int maxValueLength;
    private final List<int[]> paths;

    private LegacyObservingDecoder(
            Level root, List<int[]> paths, Y3Limits limits, boolean firstOccurrenceWins) {
        this.root = root;
        this.firstOccurrenceWins = firstOccurrenceWins;
        this.paths = paths;
        this.fieldCount = paths.size();
        this.maxValueLength = limits.maxPacketSize();
    }

    static Builder builder() {
        return new Builder();
    }

    public int fieldCount() {
        return fieldCount;
    }

    /** The key path of a field, as given to the builder. */
    public int[] path(int field) {
        return paths.get(field).clone();
    }

    /** Walks {@code buf[off, off+len)} (a sequence of TLVs) and reports observed values. */
    public void decode(byte[] buf, int off, int len, Visitor visitor) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException(
                    "range [" + off + ", " + (off + len) + ") outside the buffer");
        }
        if (firstOccurrenceWins) {
            walkFirst(root, buf, off, off + len, off, visitor);
        } else {
            walk(root, buf, off, off + len, off, visitor);
        }
    }

    public void decode(byte[] buf, Visitor visitor) {
        decode(buf, 0, buf.length, visitor);
    }

    private void walk(Level level, byte[] buf, int pos, int end, int base, Visitor visitor) {
        final long interesting = level.interesting;
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
                long h = Y3Header.parseWithin(buf, pos, end, maxValueLength, base);
                valueIndex = pos + Y3Header.headerSize(h);
                valueLength = Y3Header.valueLength(h);
            }
            if ((interesting >>> tag & 1L) != 0) { // the shift uses the low 6 bits: the key
                visit(level, tag & 0xFF, pos, buf, valueIndex, valueLength, base, visitor);
            }
            pos = valueIndex + valueLength;
        }
    }

    /** Like {@link #walk}, but reports first occurrences only and stops once the level is done. */
    private void walkFirst(Level level, byte[] buf, int pos, int end, int base, Visitor visitor) {
        final long interesting = level.interesting;
        long pending = interesting;
        while (pos < end && pending != 0) {
            int tag = buf[pos];
            int valueIndex;
            int valueLength;
            // header decode repeated from walk() on purpose: a shared helper returning a packed
            // long measured 1.7x slower on the 63-field walk (199 -> 341 ns)
            int first = pos + 1 < end ? buf[pos + 1] : -1;
            if ((first & 0xC0) == 0 && first <= maxValueLength && pos + 2 + first <= end) {
                valueIndex = pos + 2;
                valueLength = first;
            } else {
                long h = Y3Header.parseWithin(buf, pos, end, maxValueLength, base);
                valueIndex = pos + Y3Header.headerSize(h);
                valueLength = Y3Header.valueLength(h);
            }
            long bit = 1L << tag; // the shift uses the low 6 bits: the key
            if ((pending & bit) != 0) {
                pending &= ~bit;
                Level child = level.children[tag & Y3Tag.KEY_MASK];
                if (child == null || !Y3Tag.isNode(tag)) {
                    visit(level, tag & 0xFF, pos, buf, valueIndex, valueLength, base, visitor);
                } else {
                    int field = level.fields[tag & Y3Tag.KEY_MASK];
                    if (field >= 0) {
                        visitor.onValue(field, tag & 0xFF, buf, valueIndex, valueLength, base);
                    }
                    walkFirst(child, buf, valueIndex, valueIndex + valueLength, base, visitor);
                }
            }
            pos = valueIndex + valueLength;
        }
    }

    private void visit(
            Level level,
            int tag,
            int pos,
            byte[] buf,
            int valueIndex,
            int valueLength,
            int base,
            Visitor visitor) {
        int key = tag & Y3Tag.KEY_MASK;
        int field = level.fields[key];
        if (field >= 0) {
            visitor.onValue(field, tag, buf, valueIndex, valueLength, base);
        }
        Level child = level.children[key];
        if (child != null) {
            if (!Y3Tag.isNode(tag)) {
                throw new Y3Exception(
                        Y3Exception.Reason.WRONG_KIND,
                        pos - base,
                        "expected a node at key " + Y3Tag.hex(key) + " but found a primitive");
            }
            walk(child, buf, valueIndex, valueIndex + valueLength, base, visitor);
        }
    }

    /** Collects observed key paths; each {@link #observe} call returns the field's index. */
    public static final class Builder {
        private final Level root = new Level();
        private final List<int[]> paths = new ArrayList<>();
        private Y3Limits limits = Y3Limits.DEFAULT;
        private boolean firstOccurrenceWins;

        public Builder limits(Y3Limits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Report only the first occurrence of each observed key and stop walking a level once all
         * its observed keys were seen (y3-codec-golang's observe semantics, and the fastest). Off
         * by default: then every occurrence is reported in order, so the last one wins (y3's).
         */
        public Builder firstOccurrenceWins(boolean enabled) {
            this.firstOccurrenceWins = enabled;
            return this;
        }

        /**
         * Observes the value at {@code path} (keys from the outermost level inwards).
         *
         * @return the field index the visitor will receive
         */
        public int observe(int... path) {
            if (path.length == 0) {
                throw new IllegalArgumentException("empty key path");
            }
            Level level = root;
            for (int i = 0; i < path.length - 1; i++) {
                Y3Tag.checkKey(path[i]);
                level.interesting |= 1L << path[i];
                if (level.children[path[i]] == null) {
                    level.children[path[i]] = new Level();
                }
                level = level.children[path[i]];
            }
            int last = path[path.length - 1];
            Y3Tag.checkKey(last);
            if (level.fields[last] >= 0) {
                throw new IllegalArgumentException(
                        "key path " + Y3KeyPath.format(path) + " observed twice");
            }
            level.fields[last] = paths.size();
            level.interesting |= 1L << last;
            paths.add(path.clone());
            return paths.size() - 1;
        }

        public LegacyObservingDecoder build() {
            for (int[] p : paths) {
                if (p.length > limits.maxDepth()) {
                    throw new IllegalArgumentException(
                            "key path "
                                    + Y3KeyPath.format(p)
                                    + " is deeper than "
                                    + limits.maxDepth());
                }
            }
            return new LegacyObservingDecoder(
                    root, new ArrayList<>(paths), limits, firstOccurrenceWins);
        }
    }
}
