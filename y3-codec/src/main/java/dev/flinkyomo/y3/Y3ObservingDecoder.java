package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes only what a reader observes. Built from key paths (for example {@code [0x30, 0x11]} = key
 * 0x11 inside the node with key 0x30), it walks TLV headers level by level and hands the value
 * range of each observed key to a {@link Visitor}; every other value is skipped by its length,
 * without being read, copied or allocated for. Nodes are entered only on observed paths.
 *
 * <p>It walks TLVs and never scans bytes for a key, so a value byte that happens to equal a key
 * cannot be mistaken for one (the Go {@code Subscribe} could). By default, when a key repeats, the
 * visitor sees each occurrence in order, so "last one wins" as in y3's decoder, and every level is
 * walked to its end. With {@link Builder#firstOccurrenceWins(boolean)} only the first occurrence is
 * reported and a level is left as soon as every key observed in it has been seen, as
 * y3-codec-golang's {@code Observable} does: the rest of the record is not even walked.
 *
 * <p>It does not walk with {@link Y3Cursor} on purpose: its skip loop tests a key against a 64-bit
 * mask and the length byte against 0..63 in one branch, and checks no container bound for a TLV
 * that starts at least 65 bytes before the end (a one-byte length cannot reach past it); every
 * other header goes through {@link Y3Header} with all its checks, as in the cursor. The walk is a
 * serial chain of loads (the next tag's position depends on the length byte just read), so a
 * skipped TLV costs about one L1 load latency plus an add.
 *
 * <p>Immutable and thread-safe; one instance can serve any number of threads.
 */
@PublicEvolving
public final class Y3ObservingDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Receives observed values. Offsets in errors thrown from here should be index - base. */
    public interface Visitor {
        /**
         * @param field index returned by {@link Builder#observe} for the path
         * @param tag the raw tag byte (node/array flags and key)
         * @param buf the input array
         * @param valueIndex absolute index of the value in {@code buf}
         * @param valueLength value length in bytes
         * @param base index of the start of the input, for error offsets
         */
        void onValue(int field, int tag, byte[] buf, int valueIndex, int valueLength, int base);
    }

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

    private Y3ObservingDecoder(
            Level root, List<int[]> paths, Y3Limits limits, boolean firstOccurrenceWins) {
        this.root = root;
        this.firstOccurrenceWins = firstOccurrenceWins;
        this.paths = paths;
        this.fieldCount = paths.size();
        this.maxValueLength = limits.maxPacketSize();
    }

    public static Builder builder() {
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

    /**
     * Largest one-byte length (0..63). A TLV whose tag lies at or before {@code end - FAST_MARGIN}
     * and whose length byte is 0..63 ends inside {@code [pos, end)}: the fast loops below test only
     * that, never the container's end.
     */
    private static final int FAST_MARGIN = 2 + 63;

    /**
     * End of the region walked without per-TLV bound checks; below any {@code pos} when the limits
     * allow values shorter than 63 bytes only (then every header goes through {@link Y3Header}).
     */
    private int fastEnd(int end) {
        return maxValueLength >= 63 ? end - FAST_MARGIN : Integer.MIN_VALUE;
    }

    /**
     * Walks a level and, without recursion, the first level it enters (the record node of a
     * row-per-node payload): the parent is kept in locals and the walk resumes it at the child's
     * end. Only a level two or more below the starting one recurses. So the skip loop is one loop
     * in one compiled method whatever the visitor, instead of a copy per inlined recursion step.
     */
    private void walk(Level level, byte[] buf, int pos, int end, int base, Visitor visitor) {
        long interesting = level.interesting;
        int fastEnd = fastEnd(end);
        Level parent = null; // the level to resume when this one ends; null at the start level
        int parentEnd = 0;
        int resume = 0; // where the parent resumes: the end of the entered child
        while (true) {
            // Skip loop: one-byte lengths of uninteresting keys, far enough from the end that the
            // value cannot run past it. One branch per TLV besides the loop test; the JIT's array
            // checks stay (they guard the buffer, not the format) but are not on the load chain.
            pos = skip(buf, pos, fastEnd, interesting);
            if (pos >= end) {
                if (parent == null) {
                    return;
                }
                level = parent;
                parent = null;
                end = parentEnd;
                pos = resume;
                interesting = level.interesting;
                fastEnd = fastEnd(end);
                continue;
            }
            int tag = buf[pos];
            long range = valueRange(buf, pos, end, base);
            int valueIndex = (int) (range >>> 32);
            int valueLength = (int) range;
            int valueEnd = valueIndex + valueLength;
            if ((interesting >>> tag & 1L) != 0) {
                Level child =
                        visit(level, tag & 0xFF, pos, buf, valueIndex, valueLength, base, visitor);
                if (child != null) {
                    if (parent != null) {
                        walk(child, buf, valueIndex, valueEnd, base, visitor); // two levels down
                    } else {
                        parent = level;
                        parentEnd = end;
                        resume = valueEnd;
                        level = child;
                        end = valueEnd;
                        interesting = level.interesting;
                        fastEnd = fastEnd(end);
                        pos = valueIndex;
                        continue;
                    }
                }
            }
            pos = valueEnd;
        }
    }

    /**
     * Like {@link #walk}, but reports first occurrences only and leaves a level once all its
     * observed keys were seen (then it resumes the parent at the child's end).
     */
    private void walkFirst(Level level, byte[] buf, int pos, int end, int base, Visitor visitor) {
        long pending = level.interesting;
        int fastEnd = fastEnd(end);
        Level parent = null; // as in walk(): the level to resume, kept in locals
        long parentPending = 0;
        int parentEnd = 0;
        int resume = 0;
        while (true) {
            if (pending != 0) {
                pos = skip(buf, pos, fastEnd, pending); // as in walk(), keys not pending
                if (pos < end) {
                    int tag = buf[pos];
                    long range = valueRange(buf, pos, end, base);
                    int valueIndex = (int) (range >>> 32);
                    int valueLength = (int) range;
                    int valueEnd = valueIndex + valueLength;
                    long bit = 1L << tag; // the shift uses the low 6 bits: the key
                    if ((pending & bit) != 0) {
                        pending &= ~bit;
                        Level child =
                                visit(
                                        level,
                                        tag & 0xFF,
                                        pos,
                                        buf,
                                        valueIndex,
                                        valueLength,
                                        base,
                                        visitor);
                        if (child != null) {
                            if (parent != null) {
                                walkFirst(child, buf, valueIndex, valueEnd, base, visitor);
                            } else {
                                parent = level;
                                parentPending = pending;
                                parentEnd = end;
                                resume = valueEnd;
                                level = child;
                                pending = level.interesting;
                                end = valueEnd;
                                fastEnd = fastEnd(end);
                                pos = valueIndex;
                                continue;
                            }
                        }
                    }
                    pos = valueEnd;
                    continue;
                }
            }
            if (parent == null) {
                return;
            }
            level = parent;
            parent = null;
            pending = parentPending;
            end = parentEnd;
            pos = resume;
            fastEnd = fastEnd(end);
        }
    }

    /**
     * Skips TLVs from {@code pos} while their key is not in {@code keys} and their length byte is
     * 0..63, up to {@code fastEnd}; returns the first TLV it did not skip. Two TLVs per iteration:
     * one loop test and one safepoint poll per pair.
     */
    private static int skip(byte[] buf, int pos, int fastEnd, long keys) {
        while (pos <= fastEnd) {
            int len = buf[pos + 1];
            if (((len & 0xC0) | (int) (keys >>> buf[pos] & 1L)) != 0) {
                return pos; // the shift uses the low 6 bits: the key
            }
            int next = pos + 2 + len;
            if (next > fastEnd) {
                return next;
            }
            int len2 = buf[next + 1];
            if (((len2 & 0xC0) | (int) (keys >>> buf[next] & 1L)) != 0) {
                return next;
            }
            pos = next + 2 + len2;
        }
        return pos;
    }

    /**
     * The value of the TLV at {@code pos}, checked against {@code end} and the limits, as {@code
     * valueIndex << 32 | valueLength}: a one- or two-byte length inline, any other through {@link
     * Y3Header} (which throws with the offset).
     *
     * <p>The two-byte case (64..8191 bytes) is the header of a typical record node (630 bytes at 63
     * columns): through {@code Y3Header} it cost a call and a loop per record on the first-wins
     * path, where the record node is most of the fixed cost.
     */
    private long valueRange(byte[] buf, int pos, int end, int base) {
        int first = pos + 1 < end ? buf[pos + 1] : -1;
        if ((first & 0xC0) == 0 && first <= maxValueLength && pos + 2 + first <= end) {
            return (long) (pos + 2) << 32 | first;
        }
        if ((first & 0xC0) == 0x80 && pos + 2 < end) { // continued, sign bit clear
            int second = buf[pos + 2];
            int len = (first & 0x3F) << 7 | second;
            if (second >= 0 && len <= maxValueLength && pos + 3 + len <= end) {
                return (long) (pos + 3) << 32 | len;
            }
        }
        long h = Y3Header.parseWithin(buf, pos, end, maxValueLength, base);
        return (long) (pos + Y3Header.headerSize(h)) << 32 | Y3Header.valueLength(h);
    }

    /**
     * An observed key: reports its value if it is a field and returns the level to walk inside it
     * (null if no observed path goes through it). Static and apart from the loops, so the walk
     * stays small where it skips.
     *
     * @throws Y3Exception if an observed path leads through a primitive
     */
    private static Level visit(
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
        if (child != null && !Y3Tag.isNode(tag)) {
            throw new Y3Exception(
                    Y3Exception.Reason.WRONG_KIND,
                    pos - base,
                    "expected a node at key " + Y3Tag.hex(key) + " but found a primitive");
        }
        return child;
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

        public Y3ObservingDecoder build() {
            for (int[] p : paths) {
                if (p.length > limits.maxDepth()) {
                    throw new IllegalArgumentException(
                            "key path "
                                    + Y3KeyPath.format(p)
                                    + " is deeper than "
                                    + limits.maxDepth());
                }
            }
            return new Y3ObservingDecoder(
                    root, new ArrayList<>(paths), limits, firstOccurrenceWins);
        }
    }
}
