package dev.flinkyomo.common;

import java.util.LinkedHashMap;

/**
 * Turns metadata kept in its wire form into values, for records whose metadata is decoded lazily
 * ({@link YomoRecord#withLazyMetadata}).
 */
@FunctionalInterface
public interface MetadataDecoder {

    /** The whole metadata, in a new map the caller owns. */
    LinkedHashMap<String, String> decode(byte[] encoded);

    /**
     * A decoder that can also read one value without building the map: {@link
     * YomoRecord#metadataValue} then leaves the rest of the metadata undecoded. With a plain
     * decoder it decodes the whole map once and keeps it.
     */
    interface Searchable extends MetadataDecoder {

        /**
         * The value of {@code key}, or null; agrees with {@link #decode} (last of a repeated key).
         */
        String find(byte[] encoded, String key);
    }
}
