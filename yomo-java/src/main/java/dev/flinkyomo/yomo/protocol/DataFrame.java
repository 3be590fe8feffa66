package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.Tag;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data frame: uint32 tag, metadata bytes (a msgpack string map on the wire, see {@link
 * MetadataCodec}; kept raw so frames pass through byte-exact) and the opaque payload.
 */
@PublicEvolving
public record DataFrame(long tag, byte[] metadata, byte[] payload) implements Frame {

    public DataFrame {
        Tag.checkValid(tag, "YoMo data tag");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public FrameType type() {
        return FrameType.DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataFrame d
                && tag == d.tag
                && Arrays.equals(metadata, d.metadata)
                && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(tag) + Arrays.hashCode(metadata))
                + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DataFrame{tag="
                + Tag.format(tag)
                + ", metadata="
                + metadata.length
                + " bytes, payload="
                + payload.length
                + " bytes}";
    }
}
