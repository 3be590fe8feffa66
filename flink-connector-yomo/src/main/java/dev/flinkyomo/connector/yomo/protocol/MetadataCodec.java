package dev.flinkyomo.connector.yomo.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * DataFrame metadata: a msgpack {@code map[string]string} (Go's {@code metadata.M}). An empty map
 * is encoded as zero bytes, as Go's {@code M.Encode()} does, and zero bytes decode as an empty map.
 */
public final class MetadataCodec {

    /** Bounds what a hostile map header can make us allocate. */
    private static final int MAX_ENTRIES = 4096;

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
     * Decodes a metadata field; malformed msgpack fails the frame, as in the Go zipper.
     *
     * @throws YomoProtocolException naming the DataFrame and the offset inside the metadata
     */
    public static Map<String, String> decode(byte[] bytes) {
        if (bytes.length == 0) {
            return Collections.emptyMap();
        }
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            MessageFormat f = in.getNextFormat();
            if (f.getValueType() != ValueType.MAP) {
                throw error(0, "metadata is msgpack " + f.getValueType() + ", expected a map");
            }
            int n = in.unpackMapHeader();
            if (n > MAX_ENTRIES || n > bytes.length) {
                throw error(0, "metadata map claims " + n + " entries in " + bytes.length + " bytes");
            }
            Map<String, String> out = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                String k = string(in, bytes.length, "key");
                String v = string(in, bytes.length, "value of '" + k + "'");
                out.put(k, v);
            }
            if (in.hasNext()) {
                throw error(in.getTotalReadBytes(), "trailing bytes after the metadata map");
            }
            return out;
        } catch (MessagePackException | IOException e) {
            throw new YomoProtocolException(
                    FrameType.DATA.frameName(), -1, "metadata is not a msgpack string map: " + e, e);
        }
    }

    private static String string(MessageUnpacker in, int total, String what) throws IOException {
        long at = in.getTotalReadBytes();
        if (!in.hasNext()) {
            throw error(at, "metadata ends before a map " + what);
        }
        ValueType type = in.getNextFormat().getValueType();
        int len;
        if (type == ValueType.NIL) {
            in.unpackNil();
            return "";
        } else if (type == ValueType.STRING) {
            len = in.unpackRawStringHeader();
        } else if (type == ValueType.BINARY) {
            len = in.unpackBinaryHeader();
        } else {
            throw error(at, "metadata map " + what + " is msgpack " + type + ", expected a string");
        }
        // check the claimed length before msgpack allocates for it
        if (len < 0 || len > total - in.getTotalReadBytes()) {
            throw error(at, "metadata map " + what + " claims " + len + " bytes, more than remain");
        }
        return new String(in.readPayload(len), StandardCharsets.UTF_8);
    }

    private static YomoProtocolException error(long offset, String detail) {
        return new YomoProtocolException(
                FrameType.DATA.frameName() + " metadata", offset, detail);
    }
}
