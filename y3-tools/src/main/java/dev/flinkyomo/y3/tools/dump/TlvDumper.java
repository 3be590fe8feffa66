package dev.flinkyomo.y3.tools.dump;

import dev.flinkyomo.annotation.Internal;
import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3Tag;
import dev.flinkyomo.y3.tools.io.Hex;

import java.io.PrintWriter;

/**
 * Prints Y3 bytes as an indented TLV tree, one line per TLV:
 *
 * <pre>
 * packet 1: offset 0, 15 bytes
 *      0  85  node   0x05 len=13
 *      2  84    node   0x04 len=6
 *      4  01      prim   0x01 len=1  [FF]  nvarint=-1 (u32 4294967295) f32=... f64=...
 * </pre>
 *
 * Columns: byte offset of the tag, the raw tag byte, the kind (node, slice = node with the array
 * flag, prim, prim[] = primitive with the array flag), the key, the value length, and for
 * primitives the value bytes and their {@link ValueReadings}. Lines are written as they are
 * decoded, so everything before a malformed byte is on screen when the error is reported.
 */
@Internal
public final class TlvDumper {

    private static final int MAX_VALUE_BYTES_SHOWN = 16;

    private final PrintWriter out;
    private final Y3Limits limits;
    private final ValueReadings readings;

    public TlvDumper(PrintWriter out, Y3Limits limits, ValueReadings readings) {
        this.out = out;
        this.limits = limits;
        this.readings = readings;
    }

    /**
     * Dumps concatenated packets.
     *
     * @return the number of packets
     * @throws dev.flinkyomo.y3.Y3Exception at the first malformed byte, with its offset
     */
    public int dump(byte[] input) {
        Y3Cursor packets = new Y3Cursor(input, 0, input.length, limits);
        int count = 0;
        while (packets.next()) {
            count++;
            int size = packets.valueOffset() + packets.valueLength() - packets.tagOffset();
            out.printf("packet %d: offset %d, %d bytes%n", count, packets.tagOffset(), size);
            printTlv(packets);
        }
        out.flush();
        return count;
    }

    private void printTlv(Y3Cursor c) {
        int tag = c.tag();
        StringBuilder line = new StringBuilder(96);
        line.append(String.format("%6d  %02X  ", c.tagOffset(), tag));
        line.append("  ".repeat(c.depth()));
        line.append(
                String.format(
                        "%-6s %s len=%d", kind(tag), Y3Tag.hex(Y3Tag.key(tag)), c.valueLength()));
        if (!Y3Tag.isNode(tag)) {
            appendValue(line, c);
        }
        out.println(line);
        if (Y3Tag.isNode(tag)) {
            Y3Cursor children = c.children();
            while (children.next()) {
                printTlv(children);
            }
        }
    }

    private void appendValue(StringBuilder line, Y3Cursor c) {
        int len = c.valueLength();
        if (len > 0) {
            int shown = Math.min(len, MAX_VALUE_BYTES_SHOWN);
            line.append("  [").append(Hex.spaced(c.buffer(), c.valueIndex(), shown));
            if (shown < len) {
                line.append(" ...");
            }
            line.append(']');
        }
        String described = readings.describe(c.buffer(), c.valueIndex(), len);
        if (!described.isEmpty()) {
            line.append("  ").append(described);
        }
    }

    static String kind(int tag) {
        boolean array = Y3Tag.isArray(tag);
        if (Y3Tag.isNode(tag)) {
            return array ? "slice" : "node";
        }
        return array ? "prim[]" : "prim";
    }
}
