package dev.flinkyomo.formats.y3.row;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.y3.IntegerEncoding;

import java.io.Serializable;
import java.util.Objects;

/** Decoding choices shared by every value decoder of one schema. */
@Internal
public final class Y3DecodeSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final IntegerEncoding integerEncoding;
    private final int maxPacketSize;
    private final boolean failOnMissingKey;
    private final boolean firstOccurrenceWins;

    public Y3DecodeSettings(
            IntegerEncoding integerEncoding, int maxPacketSize, boolean failOnMissingKey) {
        this(integerEncoding, maxPacketSize, failOnMissingKey, false);
    }

    public Y3DecodeSettings(
            IntegerEncoding integerEncoding,
            int maxPacketSize,
            boolean failOnMissingKey,
            boolean firstOccurrenceWins) {
        this.integerEncoding = Objects.requireNonNull(integerEncoding, "integerEncoding");
        if (maxPacketSize < 2) {
            throw new IllegalArgumentException(
                    "maxPacketSize must be at least 2, got " + maxPacketSize);
        }
        this.maxPacketSize = maxPacketSize;
        this.failOnMissingKey = failOnMissingKey;
        this.firstOccurrenceWins = firstOccurrenceWins;
    }

    /** First occurrence of a key wins and the walk stops early; otherwise the last one wins. */
    public boolean firstOccurrenceWins() {
        return firstOccurrenceWins;
    }

    public IntegerEncoding integerEncoding() {
        return integerEncoding;
    }

    /** Largest TLV value length believed; longer lengths are refused before any allocation. */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    public boolean failOnMissingKey() {
        return failOnMissingKey;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Y3DecodeSettings)) {
            return false;
        }
        Y3DecodeSettings that = (Y3DecodeSettings) o;
        return integerEncoding == that.integerEncoding
                && maxPacketSize == that.maxPacketSize
                && failOnMissingKey == that.failOnMissingKey
                && firstOccurrenceWins == that.firstOccurrenceWins;
    }

    @Override
    public int hashCode() {
        return Objects.hash(integerEncoding, maxPacketSize, failOnMissingKey, firstOccurrenceWins);
    }
}
