package dev.flinkyomo.connector.yomo.source.reader;

import dev.flinkyomo.common.MetadataDecoder;
import dev.flinkyomo.yomo.protocol.MetadataCodec;

import java.util.LinkedHashMap;

/**
 * Metadata of records from the wire, still msgpack: decoded whole only when a job reads it as a
 * map, and looked up key by key (e.g. a Wasm function's per-record target check) without a map.
 */
public enum WireMetadata implements MetadataDecoder.Searchable {
    INSTANCE;

    @Override
    public LinkedHashMap<String, String> decode(byte[] encoded) {
        return MetadataCodec.decodeOwned(encoded);
    }

    @Override
    public String find(byte[] encoded, String key) {
        return MetadataCodec.find(encoded, key);
    }
}
