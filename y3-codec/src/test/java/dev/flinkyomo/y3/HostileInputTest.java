package dev.flinkyomo.y3;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each kind of hostile input yields one Y3Exception with the right reason and byte offset. */
class HostileInputTest {

    private static void refused(ThrowingCallable call, Y3Exception.Reason reason, long offset) {
        assertThatThrownBy(call)
                .isInstanceOf(Y3Exception.class)
                .extracting(e -> ((Y3Exception) e).reason(), e -> ((Y3Exception) e).offset())
                .containsExactly(reason, offset);
    }

    private static void walkAll(byte[] b, Y3Limits limits) {
        walk(new Y3Cursor(b, 0, b.length, limits));
    }

    private static void walk(Y3Cursor c) {
        while (c.next()) {
            if (c.isNode()) {
                walk(c.children());
            }
        }
    }

    @Test
    void truncatedInsideTheLength() {
        refused(() -> walkAll(Hex.bytes("01"), Y3Limits.DEFAULT), Y3Exception.Reason.TRUNCATED, 0);
        refused(
                () -> walkAll(Hex.bytes("01 80"), Y3Limits.DEFAULT),
                Y3Exception.Reason.TRUNCATED,
                0);
        // inside a node, offsets stay relative to the whole input
        refused(
                () -> walkAll(Hex.bytes("82 02 01 81"), Y3Limits.DEFAULT),
                Y3Exception.Reason.TRUNCATED,
                2);
    }

    @Test
    void truncatedValue() {
        refused(
                () -> walkAll(Hex.bytes("01 05 61 62"), Y3Limits.DEFAULT),
                Y3Exception.Reason.PAST_PARENT,
                0);
    }

    @Test
    void childRunsPastItsParent() {
        // node says 3 bytes, its child says 5
        refused(
                () -> walkAll(Hex.bytes("81 03 02 05 61 62 63 64 65"), Y3Limits.DEFAULT),
                Y3Exception.Reason.PAST_PARENT,
                2);
    }

    @Test
    void negativeLength() {
        refused(
                () -> walkAll(Hex.bytes("01 40"), Y3Limits.DEFAULT),
                Y3Exception.Reason.NEGATIVE_LENGTH,
                1);
        refused(
                () -> walkAll(Hex.bytes("81 02 02 7F"), Y3Limits.DEFAULT),
                Y3Exception.Reason.NEGATIVE_LENGTH,
                3);
        refused(
                () -> walkAll(Hex.bytes("01 F8 80 80 80 00"), Y3Limits.DEFAULT),
                Y3Exception.Reason.NEGATIVE_LENGTH,
                1);
    }

    @Test
    void lengthFieldTooLong() {
        refused(
                () -> walkAll(Hex.bytes("01 80 80 80 80 80 01"), Y3Limits.DEFAULT),
                Y3Exception.Reason.LENGTH_OVERFLOW,
                1);
        // 5 bytes that overflow 32 bits positive
        refused(
                () -> walkAll(Hex.bytes("01 BF FF FF FF 7F"), Y3Limits.DEFAULT),
                Y3Exception.Reason.NEGATIVE_LENGTH,
                1);
    }

    @Test
    void oversizedLength() {
        refused(
                () -> walkAll(Hex.bytes("01 81 00"), Y3Limits.of(100, 8)),
                Y3Exception.Reason.TOO_LARGE,
                1);
    }

    @Test
    void nestingDeeperThanTheLimit() {
        Y3Writer w = new Y3Writer();
        for (int i = 0; i < 10; i++) {
            w.beginNode(0x01);
        }
        for (int i = 0; i < 10; i++) {
            w.endNode();
        }
        byte[] deep = w.toByteArray();
        walkAll(deep, Y3Limits.of(1024, 10));
        refused(() -> walkAll(deep, Y3Limits.of(1024, 9)), Y3Exception.Reason.TOO_DEEP, 9 * 2);
    }

    @Test
    void badValues() {
        byte[] badUtf8 = Hex.bytes("01 02 C3 28");
        Y3Cursor c = new Y3Cursor(badUtf8);
        c.next();
        refused(c::string, Y3Exception.Reason.BAD_VALUE, 2);
        byte[] wideInt = Hex.bytes("81 07 01 05 01 02 03 04 05");
        Y3Cursor node = new Y3Cursor(wideInt);
        node.next();
        Y3Cursor child = node.children();
        child.next();
        refused(() -> child.int32(IntegerEncoding.NVARINT), Y3Exception.Reason.BAD_VALUE, 4);
    }

    @Test
    void observedPathThroughAPrimitiveIsWrongKind() {
        Y3ObservingDecoder.Builder b = Y3ObservingDecoder.builder();
        b.observe(0x01, 0x02);
        Y3ObservingDecoder d = b.build();
        refused(
                () -> d.decode(Hex.bytes("01 01 00"), (f, t, buf, at, len, base) -> {}),
                Y3Exception.Reason.WRONG_KIND,
                0);
    }

    @Test
    void streamVanishesMidPacket() {
        refused(
                () ->
                        Y3PacketReader.readPacket(
                                new ByteArrayInputStream(Hex.bytes("01 80")), Y3Limits.DEFAULT),
                Y3Exception.Reason.TRUNCATED,
                2);
        refused(
                () ->
                        Y3PacketReader.readPacket(
                                new ByteArrayInputStream(Hex.bytes("01 05 01")), Y3Limits.DEFAULT),
                Y3Exception.Reason.TRUNCATED,
                3);
    }

    @Test
    void incrementalReaderReportsStreamOffsets() {
        Y3PacketReader r = new Y3PacketReader(Y3Limits.of(64, 8));
        r.feed(Hex.bytes("01 01 41 02 01 42"));
        assertThat(r.next()).isNotNull();
        assertThat(r.next()).isNotNull();
        r.feed(Hex.bytes("03 80 41")); // 65 > 64, at stream offset 6, its length at 7
        refused(r::next, Y3Exception.Reason.TOO_LARGE, 7);
    }
}
