package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The Y3 tag byte: bit 7 marks a node (value is a sequence of child TLVs), bit 6 marks an array
 * (y3-codec-golang slices), bits 5..0 are the key ("SeqID"), 0x00..0x3F.
 */
@PublicEvolving
public final class Y3Tag {

    public static final int NODE_FLAG = 0x80;
    public static final int ARRAY_FLAG = 0x40;
    public static final int KEY_MASK = 0x3F;
    public static final int MAX_KEY = 0x3F;

    /** y3-codec-golang wraps every marshalled value in a root node with this key (tag 0x81). */
    public static final int GOLANG_ROOT_KEY = 0x01;

    /** y3-codec-golang slice items all carry this key inside the array node. */
    public static final int SLICE_ITEM_KEY = 0x00;

    private Y3Tag() {}

    public static boolean isNode(int tag) {
        return (tag & NODE_FLAG) != 0;
    }

    public static boolean isArray(int tag) {
        return (tag & ARRAY_FLAG) != 0;
    }

    public static int key(int tag) {
        return tag & KEY_MASK;
    }

    /** Builds a tag byte; keys above 0x3F would collide with the flags, so they are refused. */
    public static int of(int key, boolean node, boolean array) {
        checkKey(key);
        return key | (node ? NODE_FLAG : 0) | (array ? ARRAY_FLAG : 0);
    }

    public static void checkKey(int key) {
        if (key < 0 || key > MAX_KEY) {
            throw new Y3Exception(
                    Y3Exception.Reason.BAD_TAG,
                    -1,
                    "key must be in [0x00..0x3F], got 0x" + Integer.toHexString(key));
        }
    }

    /** "0x11" style text for messages and tools. */
    public static String hex(int keyOrTag) {
        return String.format("0x%02X", keyOrTag);
    }
}
