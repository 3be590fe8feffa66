package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.MetadataKeys;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * DataFrame metadata: a msgpack {@code map[string]string} (Go's {@code metadata.M}). An empty map
 * is encoded as zero bytes, as Go's {@code M.Encode()} does, and zero bytes decode as an empty map.
 */
@PublicEvolving
public final class MetadataCodec {

    /** Bounds what a hostile map header can make us allocate. */
    private static final int MAX_ENTRIES = 4096;

    /** Error-message name of a value whose key {@link #find} compared but did not decode. */
    private static final String OTHER_KEY = "(another key)";

    /**
     * The keys YoMo writes on (nearly) every frame. A decoded key equal to one of these is returned
     * as the shared constant, whose hash is already computed: no String allocation and no hashing
     * of the key per frame.
     */
    private static final String[] KNOWN_KEYS = MetadataKeys.WELL_KNOWN.toArray(new String[0]);

    private static final byte[][] KNOWN_KEY_BYTES = new byte[KNOWN_KEYS.length][];

    /** Indexes into KNOWN_KEYS by byte length, so a key is compared with one or two candidates. */
    private static final int[][] KNOWN_BY_LENGTH;

    static {
        int longest = 0;
        for (int i = 0; i < KNOWN_KEYS.length; i++) {
            KNOWN_KEY_BYTES[i] = KNOWN_KEYS[i].getBytes(StandardCharsets.UTF_8);
            KNOWN_KEYS[i].hashCode(); // cache it
            longest = Math.max(longest, KNOWN_KEY_BYTES[i].length);
        }
        KNOWN_BY_LENGTH = new int[longest + 1][];
        for (int len = 0; len <= longest; len++) {
            int length = len;
            KNOWN_BY_LENGTH[len] =
                    IntStream.range(0, KNOWN_KEYS.length)
                            .filter(i -> KNOWN_KEY_BYTES[i].length == length)
                            .toArray();
        }
    }

    private MetadataCodec() {}

    public static byte[] encode(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return new byte[0];
        }
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                packer.packString(e.getKey());
                packer.packString(e.getValue());
            }
            return packer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory msgpack encoding failed", e);
        }
    }

    /**
     * Decodes a metadata field; malformed msgpack fails the frame, as in the Go zipper. Runs once
     * per ingested frame, so it reads the few msgpack formats a string map can use straight from
     * the array instead of through a general {@code MessageUnpacker} (whose per-call buffers
     * dominated small-frame ingest).
     *
     * @throws YomoProtocolException naming the DataFrame and the offset inside the metadata
     */
    public static Map<String, String> decode(byte[] bytes) {
        return bytes.length == 0 ? Collections.emptyMap() : decodeOwned(bytes);
    }

    /** Like {@link #decode}, always into a new {@link LinkedHashMap} the caller owns. */
    public static LinkedHashMap<String, String> decodeOwned(byte[] bytes) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        walk(bytes, out);
        return out;
    }

    /**
     * Checks a metadata field exactly as {@link #decode} would, without building the map or the
     * value strings, so a receiver can refuse a malformed frame at once and leave decoding to
     * whoever reads the metadata (a job that never does pays nothing more).
     *
     * <p>Returns the value of {@code yomo-target} as {@link #find} would give it (null when
     * absent): the walk passes that key anyway, and YoMo routing reads it for every frame, so a
     * receiver hands it on instead of having it scanned for again. That second scan was 20 ns of
     * the 230 ns a 32-byte record took through a Wasm stream function (async-profiler,
     * BENCHMARKS.md).
     *
     * @throws YomoProtocolException as {@link #decode} would
     */
    public static String validate(byte[] bytes) {
        return walk(bytes, null);
    }

    /**
     * The value of {@code key} in a metadata field, or null when absent, as {@code
     * decode(bytes).get(key)} would give it (for a repeated key, the last value), but without
     * building the map: only a matching value becomes a String.
     *
     * @throws YomoProtocolException as {@link #decode} would
     */
    public static String find(byte[] bytes, String key) {
        if (bytes.length == 0) {
            return null;
        }
        byte[] wanted = keyBytes(key);
        Reader in = new Reader(bytes);
        int n = entries(in, bytes);
        String found = null;
        for (int i = 0; i < n; i++) {
            int len = in.header(null);
            int keyLen = Math.max(len, 0); // nil reads as ""
            boolean match = keyIs(bytes, in.pos, keyLen, wanted);
            in.pos += keyLen;
            String v = in.string(match ? key : OTHER_KEY, match);
            if (match) {
                found = v;
            }
        }
        if (in.pos < bytes.length) {
            throw error(in.pos, "trailing bytes after the metadata map");
        }
        return found;
    }

    /**
     * Whether a metadata field can go out again unchanged under YoMo's write rules: it has a
     * non-empty {@code yomo-tid} and {@code yomo-source-id}, no {@code yomo-target} and no empty
     * (or nil) value, so carrying it forward would neither add, drop nor change anything.
     *
     * @throws YomoProtocolException as {@link #decode} would
     */
    public static boolean isForwardable(byte[] bytes) {
        if (bytes.length == 0) {
            return false;
        }
        byte[] tid = keyBytes(MetadataKeys.TID);
        byte[] sourceId = keyBytes(MetadataKeys.SOURCE_ID);
        byte[] target = keyBytes(MetadataKeys.TARGET);
        Reader in = new Reader(bytes);
        int n = entries(in, bytes);
        boolean forwardable = true;
        boolean hasTid = false;
        boolean hasSourceId = false;
        for (int i = 0; i < n; i++) {
            int keyLen = Math.max(in.header(null), 0);
            boolean isTid = keyIs(bytes, in.pos, keyLen, tid);
            boolean isSourceId = keyIs(bytes, in.pos, keyLen, sourceId);
            forwardable &= !keyIs(bytes, in.pos, keyLen, target);
            in.pos += keyLen;
            int valueLen = in.header(OTHER_KEY);
            in.pos += Math.max(valueLen, 0);
            forwardable &= valueLen > 0; // keep reading: a malformed field must still be refused
            hasTid |= isTid;
            hasSourceId |= isSourceId;
        }
        if (in.pos < bytes.length) {
            throw error(in.pos, "trailing bytes after the metadata map");
        }
        return forwardable && hasTid && hasSourceId;
    }

    private static boolean keyIs(byte[] b, int at, int len, byte[] key) {
        return len == key.length && Arrays.equals(b, at, at + len, key, 0, len);
    }

    private static byte[] keyBytes(String key) {
        for (int i = 0; i < KNOWN_KEYS.length; i++) {
            if (KNOWN_KEYS[i].equals(key)) {
                return KNOWN_KEY_BYTES[i];
            }
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static int entries(Reader in, byte[] bytes) {
        int n = in.mapHeader();
        if (n > MAX_ENTRIES || n > bytes.length) {
            throw error(0, "metadata map claims " + n + " entries in " + bytes.length + " bytes");
        }
        return n;
    }

    /** Checks the whole field, fills {@code out} if given, and returns yomo-target's value. */
    private static String walk(byte[] bytes, Map<String, String> out) {
        if (bytes.length == 0) {
            return null;
        }
        Reader in = new Reader(bytes);
        int n = entries(in, bytes);
        String target = null;
        for (int i = 0; i < n; i++) {
            String k = in.string(null, true);
            // a well-known key comes back as its shared constant, so identity is enough
            boolean isTarget = k == MetadataKeys.TARGET;
            String v = in.string(k, out != null || isTarget);
            if (isTarget) {
                target = v;
            }
            if (out != null) {
                out.put(k, v);
            }
        }
        if (in.pos < bytes.length) {
            throw error(in.pos, "trailing bytes after the metadata map");
        }
        return target;
    }

    /** A cursor over one metadata field; every read checks what remains first. */
    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int mapHeader() {
            int f = b[0] & 0xFF;
            pos = 1;
            if ((f & 0xF0) == 0x80) {
                return f & 0x0F;
            } else if (f != 0xDE && f != 0xDF) {
                throw error(0, "metadata is msgpack " + typeName(f) + ", expected a map");
            }
            int size = f == 0xDE ? 2 : 4;
            if (size > b.length - pos) {
                throw error(0, "metadata ends inside the length of the map header");
            }
            return (int) Math.min(unsigned(size, 0, null), Integer.MAX_VALUE);
        }

        /**
         * A string or binary value (msgpack-go may write either), or nil as "". {@code keyOf} is
         * the key whose value this is, null when reading a key (error messages only, built lazily).
         * Without {@code materialize} the value is checked and skipped, and null is returned
         * (well-known keys still come back as their shared constants).
         */
        String string(String keyOf, boolean materialize) {
            int len = header(keyOf);
            if (len < 0) {
                return "";
            }
            String s = keyOf == null ? knownKey(b, pos, len) : null;
            if (s == null && materialize) {
                s = new String(b, pos, len, StandardCharsets.UTF_8);
            }
            pos += len;
            return s;
        }

        /**
         * Reads the header of a string, binary or nil, checks that its bytes are there, and returns
         * their length (-1 for nil), leaving the cursor on the first of them.
         */
        int header(String keyOf) {
            int at = pos;
            if (at >= b.length) {
                throw error(at, "metadata ends before a map " + what(keyOf));
            }
            int f = b[pos++] & 0xFF;
            long len;
            if ((f & 0xE0) == 0xA0) {
                len = f & 0x1F;
            } else if (f == 0xD9 || f == 0xC4) {
                len = unsigned(1, at, keyOf);
            } else if (f == 0xDA || f == 0xC5) {
                len = unsigned(2, at, keyOf);
            } else if (f == 0xDB || f == 0xC6) {
                len = unsigned(4, at, keyOf);
            } else if (f == 0xC0) {
                return -1;
            } else {
                throw error(
                        at,
                        "metadata map "
                                + what(keyOf)
                                + " is msgpack "
                                + typeName(f)
                                + ", expected a string");
            }
            // check the claimed length before anyone allocates for it
            if (len > b.length - pos) {
                throw error(
                        at,
                        "metadata map "
                                + what(keyOf)
                                + " claims "
                                + len
                                + " bytes, more than remain");
            }
            return (int) len;
        }

        private long unsigned(int size, int at, String keyOf) {
            if (size > b.length - pos) {
                throw error(at, "metadata ends inside the length of a map " + what(keyOf));
            }
            long v = 0;
            for (int i = 0; i < size; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }
    }

    private static String knownKey(byte[] b, int from, int len) {
        if (len >= KNOWN_BY_LENGTH.length) {
            return null;
        }
        for (int i : KNOWN_BY_LENGTH[len]) {
            if (Arrays.equals(b, from, from + len, KNOWN_KEY_BYTES[i], 0, len)) {
                return KNOWN_KEYS[i];
            }
        }
        return null;
    }

    private static String what(String keyOf) {
        return keyOf == null ? "key" : "value of '" + keyOf + "'";
    }

    /** The msgpack type of a format byte, for error messages. */
    private static String typeName(int f) {
        if (f <= 0x7F || f >= 0xE0 || (f >= 0xCC && f <= 0xD3)) {
            return "INTEGER";
        } else if ((f & 0xF0) == 0x80 || f == 0xDE || f == 0xDF) {
            return "MAP";
        } else if ((f & 0xF0) == 0x90 || f == 0xDC || f == 0xDD) {
            return "ARRAY";
        } else if ((f & 0xE0) == 0xA0 || (f >= 0xD9 && f <= 0xDB)) {
            return "STRING";
        } else if (f >= 0xC4 && f <= 0xC6) {
            return "BINARY";
        } else if (f == 0xC0) {
            return "NIL";
        } else if (f == 0xC2 || f == 0xC3) {
            return "BOOLEAN";
        } else if (f == 0xCA || f == 0xCB) {
            return "FLOAT";
        } else if (f == 0xC1) {
            return "never-used format 0xC1";
        }
        return "EXTENSION";
    }

    private static YomoProtocolException error(long offset, String detail) {
        return new YomoProtocolException(FrameType.DATA.frameName() + " metadata", offset, detail);
    }
}
