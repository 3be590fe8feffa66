package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.Tag;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data frame: uint32 tag, metadata bytes (a msgpack string map on the wire, see {@link
 * MetadataCodec}; kept raw so frames pass through byte-exact) and the opaque payload.
 *
 * @param sequence the producer's sequence of the acknowledgement extension (yomo-java/ACKS.md,
 *     field {@code 0x20}, unsigned 64-bit in a long); 0 = none, and then the field is not written,
 *     so stock frames encode byte for byte as YoMo's
 */
@PublicEvolving
public record DataFrame(long tag, byte[] metadata, byte[] payload, long sequence) implements Frame {

    public DataFrame {
        Tag.checkValid(tag, "YoMo data tag");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(payload, "payload");
    }

    /** A stock frame, without a sequence. */
    public DataFrame(long tag, byte[] metadata, byte[] payload) {
        this(tag, metadata, payload, 0);
    }

    /** The same frame numbered {@code newSequence} (0 removes the number). */
    public DataFrame withSequence(long newSequence) {
        return new DataFrame(tag, metadata, payload, newSequence);
    }

    @Override
    public FrameType type() {
        return FrameType.DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataFrame d
                && tag == d.tag
                && sequence == d.sequence
                && Arrays.equals(metadata, d.metadata)
                && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return 31
                        * (31 * (31 * Long.hashCode(tag) + Arrays.hashCode(metadata))
                                + Arrays.hashCode(payload))
                + Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "DataFrame{tag="
                + Tag.format(tag)
                + ", metadata="
                + metadata.length
                + " bytes, payload="
                + payload.length
                + " bytes"
                + (sequence == 0 ? "" : ", sequence=" + Long.toUnsignedString(sequence))
                + '}';
    }
}
