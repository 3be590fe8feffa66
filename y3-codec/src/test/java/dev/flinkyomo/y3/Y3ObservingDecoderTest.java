package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Y3ObservingDecoderTest {

    private static final int RECORD = 0x10;

    private static byte[] noise(float noise, long time, String from) {
        return new Y3Writer()
                .beginNode(RECORD)
                .float32(0x11, noise)
                .int64(0x12, time)
                .string(0x13, from)
                .endNode()
                .toByteArray();
    }

    private static List<String> collect(Y3ObservingDecoder d, byte[] input) {
        List<String> seen = new ArrayList<>();
        d.decode(
                input,
                (field, tag, buf, at, len, base) ->
                        seen.add(field + "@" + (at - base) + "+" + len));
        return seen;
    }

    @Test
    void onlyObservedKeysReachTheVisitor() {
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        int from = b.observe(RECORD, 0x13);
        Y3ObservingDecoder d = b.build();
        byte[] in = noise(45.5f, 1634000000000L, "localhost");
        List<String> seen = new ArrayList<>();
        d.decode(
                in,
                (field, tag, buf, at, len, base) -> {
                    assertThat(field).isEqualTo(from);
                    assertThat(tag).isEqualTo(0x13);
                    seen.add(Y3Values.string(buf, at, len, base));
                });
        assertThat(seen).containsExactly("localhost");
        assertThat(d.fieldCount()).isEqualTo(1);
        assertThat(d.path(from)).containsExactly(RECORD, 0x13);
    }

    @Test
    void skippedValuesAreNeverLookedInto() {
        // key 0x12 holds bytes that are not a valid TLV sequence and a node at 0x14 holds garbage:
        // neither is observed, so both are skipped by length without complaint.
        byte[] in =
                new Y3Writer()
                        .beginNode(RECORD)
                        .bytes(0x12, Hex.bytes("FF FF FF FF"))
                        .raw(Hex.bytes("94 03 01 7F 7F"), 0, 5)
                        .string(0x13, "ok")
                        .endNode()
                        .toByteArray();
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        b.observe(RECORD, 0x13);
        assertThat(collect(b.build(), in)).hasSize(1);
    }

    @Test
    void valueBytesEqualToAKeyAreNotMistakenForIt() {
        // the Go Subscribe scanned bytes and could match 0x11 inside a value; we walk TLVs
        byte[] in =
                new Y3Writer()
                        .beginNode(RECORD)
                        .bytes(0x12, Hex.bytes("11 01 41 11 01 42"))
                        .string(0x11, "real")
                        .endNode()
                        .toByteArray();
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        b.observe(RECORD, 0x11);
        List<String> values = new ArrayList<>();
        b.build()
                .decode(
                        in,
                        (f, t, buf, at, len, base) ->
                                values.add(Y3Values.string(buf, at, len, base)));
        assertThat(values).containsExactly("real");
    }

    @Test
    void repeatedKeysAreReportedInOrderSoTheLastWins() {
        byte[] in =
                new Y3Writer()
                        .beginNode(RECORD)
                        .string(0x11, "first")
                        .string(0x11, "second")
                        .endNode()
                        .toByteArray();
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        b.observe(RECORD, 0x11);
        List<String> values = new ArrayList<>();
        b.build()
                .decode(
                        in,
                        (f, t, buf, at, len, base) ->
                                values.add(Y3Values.string(buf, at, len, base)));
        assertThat(values).containsExactly("first", "second");
    }

    @Test
    void nestedPathsAndWholeNodes() {
        byte[] in =
                new Y3Writer()
                        .beginNode(RECORD)
                        .string(0x11, "a")
                        .beginNode(0x20)
                        .float64(0x01, 1.5)
                        .float64(0x02, 2.5)
                        .endNode()
                        .endNode()
                        .toByteArray();
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        int node = b.observe(RECORD, 0x20);
        int lon = b.observe(RECORD, 0x20, 0x02);
        Y3ObservingDecoder d = b.build();
        List<Integer> fields = new ArrayList<>();
        double[] lonValue = new double[1];
        d.decode(
                in,
                (f, t, buf, at, len, base) -> {
                    fields.add(f);
                    if (f == lon) {
                        lonValue[0] = Y3Values.float64(buf, at, len, base);
                    }
                });
        assertThat(fields).containsExactly(node, lon);
        assertThat(lonValue[0]).isEqualTo(2.5);
    }

    @Test
    void offsetsAreRelativeToTheGivenRange() {
        byte[] packet = noise(1f, 2L, "x");
        byte[] padded = new byte[packet.length + 7];
        System.arraycopy(packet, 0, padded, 5, packet.length);
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        b.observe(RECORD, 0x11);
        Y3ObservingDecoder d = b.build();
        assertThat(collect(d, packet)).isEqualTo(collectRange(d, padded, 5, packet.length));
    }

    private static List<String> collectRange(Y3ObservingDecoder d, byte[] in, int off, int len) {
        List<String> seen = new ArrayList<>();
        d.decode(
                in,
                off,
                len,
                (field, tag, buf, at, l, base) -> seen.add(field + "@" + (at - base) + "+" + l));
        return seen;
    }

    @Test
    void builderRejectsBadPaths() {
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        b.observe(0x10, 0x11);
        assertThatThrownBy(() -> b.observe(0x10, 0x11)).hasMessageContaining("observed twice");
        assertThatThrownBy(() -> b.observe(0x10, 0x40)).isInstanceOf(Y3Exception.class);
        assertThatThrownBy(b::observe).hasMessageContaining("empty");
        Y3ObservingDecoder.Builder deep = Y3ObservingDecoder.builder().limits(Y3Limits.of(1024, 2));
        deep.observe(1, 2, 3);
        assertThatThrownBy(deep::build).hasMessageContaining("deeper");
    }

    @Test
    void decoderIsSerializable() throws Exception {
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        b.observe(RECORD, 0x12);
        Y3ObservingDecoder d = b.build();
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(bos)) {
            oos.writeObject(d);
        }
        Y3ObservingDecoder copy;
        try (java.io.ObjectInputStream ois =
                new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(bos.toByteArray()))) {
            copy = (Y3ObservingDecoder) ois.readObject();
        }
        byte[] in = noise(3f, 77L, "s");
        assertThat(collect(copy, in)).isEqualTo(collect(d, in)).hasSize(1);
    }

    @Test
    void firstOccurrenceWinsReportsOnceAndStopsWalkingWhenTheLevelIsDone() {
        // after the observed keys comes a TLV whose length runs past the record: the default
        // decoder must walk there and refuse it; the first-occurrence decoder never gets there
        byte[] in =
                new Y3Writer()
                        .beginNode(RECORD)
                        .string(0x11, "first")
                        .beginNode(0x20)
                        .float64(0x01, 1.5)
                        .string(0x01, "dup")
                        .endNode()
                        .string(0x11, "second")
                        .raw(Hex.bytes("12 30 00"), 0, 3)
                        .endNode()
                        .toByteArray();
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder().firstOccurrenceWins(true);
        int s = b.observe(RECORD, 0x11);
        int lat = b.observe(RECORD, 0x20, 0x01);
        List<String> values = new ArrayList<>();
        b.build()
                .decode(
                        in,
                        (f, t, buf, at, len, base) ->
                                values.add(
                                        f == s
                                                ? Y3Values.string(buf, at, len, base)
                                                : String.valueOf(
                                                        Y3Values.float64(buf, at, len, base))));
        assertThat(values).containsExactly("first", "1.5");

        Y3ObservingDecoder.Builder last = Y3ObservingDecoder.builder();
        last.observe(RECORD, 0x11);
        assertThatThrownBy(() -> last.build().decode(in, (f, t, buf, at, len, base) -> {}))
                .isInstanceOf(Y3Exception.class)
                .extracting(e -> ((Y3Exception) e).reason())
                .isEqualTo(Y3Exception.Reason.PAST_PARENT);
    }

    /**
     * Every two-byte length header (the inline path added for record nodes) against {@link
     * Y3Header#parseWithin}, the checked path it short-cuts: same value range, or the same error
     * (reason, offset, message), for values that end before and at the container's end and for
     * maxima below, at and above the length. Both walk modes.
     */
    @Test
    void twoByteLengthsAgreeWithTheCheckedHeaderParser() {
        byte[] buf = new byte[3 + 8191 + 2];
        buf[0] = 0x01;
        int checked = 0;
        for (boolean first : new boolean[] {false, true}) {
            for (int l1 = 0x80; l1 <= 0xFF; l1++) {
                for (int l2 = 0; l2 <= 0xFF; l2 += (l2 < 4 || l2 > 0x7B ? 1 : 13)) {
                    buf[1] = (byte) l1;
                    buf[2] = (byte) l2;
                    int len = (l1 & 0x3F) << 7 | (l2 & 0x7F);
                    for (int end : new int[] {2, 3, 3 + len - 1, 3 + len}) {
                        if (end < 0 || end > buf.length) {
                            continue;
                        }
                        for (int max : new int[] {63, len - 1, len, 8191, Integer.MAX_VALUE}) {
                            if (max < 2) {
                                continue;
                            }
                            assertThat(observed(buf, end, max, first))
                                    .as("header %02X %02X, end %d, max %d", l1, l2, end, max)
                                    .isEqualTo(expected(buf, end, max));
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    private static String observed(byte[] buf, int end, int max, boolean firstWins) {
        Y3ObservingDecoder.Builder b =
                Y3ObservingDecoder.builder()
                        .limits(Y3Limits.of(max, Y3Limits.DEFAULT_MAX_DEPTH))
                        .firstOccurrenceWins(firstWins);
        b.observe(0x01);
        List<String> seen = new ArrayList<>();
        try {
            b.build().decode(buf, 0, end, (f, t, in, at, len, base) -> seen.add(at + "+" + len));
            return seen.isEmpty() ? "nothing" : seen.get(0);
        } catch (Y3Exception e) {
            return e.reason() + " " + e.getMessage();
        }
    }

    private static String expected(byte[] buf, int end, int max) {
        if (end < 2) {
            return "nothing";
        }
        try {
            long h = Y3Header.parseWithin(buf, 0, end, max, 0);
            return Y3Header.headerSize(h) + "+" + Y3Header.valueLength(h);
        } catch (Y3Exception e) {
            return e.reason() + " " + e.getMessage();
        }
    }

    /**
     * The skip loop (two TLVs per iteration, no bound check in the first 65 bytes before a level's
     * end) against a plain cursor walk: random records of up to 80 fields, some with two-byte
     * lengths, 1 to 3 observed keys; both modes report exactly the occurrences the cursor finds.
     */
    @Test
    void skipLoopReportsWhatACursorWalkFinds() {
        Random random = new Random(17);
        for (int n = 0; n < 20_000; n++) {
            Y3Writer w = new Y3Writer().beginNode(RECORD);
            int count = 1 + random.nextInt(80);
            for (int i = 0; i < count; i++) {
                byte[] v =
                        new byte
                                [random.nextInt(12) == 0
                                        ? 64 + random.nextInt(8)
                                        : random.nextInt(12)];
                random.nextBytes(v);
                w.bytes(1 + random.nextInt(Y3Tag.MAX_KEY), v);
            }
            byte[] record = w.endNode().toByteArray();
            int[] keys =
                    random.ints(1 + random.nextInt(3), 1, Y3Tag.MAX_KEY + 1).distinct().toArray();
            for (boolean first : new boolean[] {false, true}) {
                Y3ObservingDecoder.Builder b =
                        Y3ObservingDecoder.builder().firstOccurrenceWins(first);
                int[] fieldOfKey = new int[Y3Tag.MAX_KEY + 1];
                Arrays.fill(fieldOfKey, -1);
                for (int k : keys) {
                    fieldOfKey[k] = b.observe(RECORD, k);
                }
                List<String> expected = new ArrayList<>();
                boolean[] seen = new boolean[Y3Tag.MAX_KEY + 1];
                Y3Cursor outer = new Y3Cursor(record);
                outer.next();
                for (Y3Cursor c = outer.children(); c.next(); ) {
                    int key = c.tag() & Y3Tag.KEY_MASK;
                    if (fieldOfKey[key] >= 0 && !(first && seen[key])) {
                        seen[key] = true;
                        expected.add(
                                fieldOfKey[key] + "@" + c.valueIndex() + "+" + c.valueLength());
                    }
                }
                assertThat(collect(b.build(), record))
                        .as("record %d, keys %s, first wins %s", n, Arrays.toString(keys), first)
                        .isEqualTo(expected);
            }
        }
    }
}
