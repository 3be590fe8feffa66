package dev.flinkyomo.common;

import org.apache.flink.annotation.Internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link YomoMetadata} held as a decoded map that nothing else references. */
@Internal
final class MapMetadata implements YomoMetadata {

    private static final long serialVersionUID = 1L;

    static final MapMetadata EMPTY = new MapMetadata(new LinkedHashMap<>());

    private final Map<String, String> map;

    /** Takes {@code owned} over: the caller must not keep or change it. */
    MapMetadata(LinkedHashMap<String, String> owned) {
        this.map = Collections.unmodifiableMap(owned);
    }

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public Map<String, String> asMap() {
        return map;
    }

    @Override
    public byte[] wireBytes() {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof YomoMetadata && asMap().equals(((YomoMetadata) o).asMap()));
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return MetadataText.of(map);
    }
}
