package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.y3.Y3Exception;
import dev.flinkyomo.y3.Y3Limits;
import dev.flinkyomo.y3.Y3Tag;

/** Shared decoding steps of both generations: one whole node packet, fields by key. */
final class Y3Frames {

    /** Frames arrive whole and already size-checked; children are bounded by their parents. */
    private static final Y3Limits LIMITS = Y3Limits.of(Integer.MAX_VALUE - 16, 8);

    private Y3Frames() {}

    /** A cursor on the single outer node of {@code packet[off, off+len)}, positioned on it. */
    static Y3Cursor outer(byte[] packet, int off, int len) {
        if (len == 0) {
            throw new YomoProtocolException("frame", 0, "empty packet");
        }
        Y3Cursor c = new Y3Cursor(packet, off, len, LIMITS);
        try {
            c.next();
            int end = c.valueOffset() + c.valueLength();
            if (end != len) {
                throw new YomoProtocolException(
                        "frame", end, (len - end) + " bytes after the end of the frame");
            }
        } catch (Y3Exception e) {
            throw wrap("frame", e);
        }
        if (!c.isNode()) {
            throw new YomoProtocolException(
                    "frame",
                    0,
                    "frame byte " + Y3Tag.hex(c.tag()) + " is a primitive, frames are nodes");
        }
        return c;
    }

    /** The children of a frame, ready for {@code next()}. */
    static Y3Cursor fields(Y3Cursor outer, String frameName) {
        try {
            return outer.children();
        } catch (Y3Exception e) {
            throw wrap(frameName, e);
        }
    }

    static void requirePrimitive(Y3Cursor field, String frameName) {
        if (field.isNode()) {
            throw new YomoProtocolException(
                    frameName,
                    field.tagOffset(),
                    "field " + Y3Tag.hex(field.key()) + " is a node, expected a primitive");
        }
    }

    static void requireNode(Y3Cursor field, String frameName) {
        if (!field.isNode()) {
            throw new YomoProtocolException(
                    frameName,
                    field.tagOffset(),
                    "field " + Y3Tag.hex(field.key()) + " is a primitive, expected a node");
        }
    }

    static YomoProtocolException wrap(String frameName, Y3Exception e) {
        return new YomoProtocolException(frameName, e.offset(), e.getMessage(), e);
    }
}
