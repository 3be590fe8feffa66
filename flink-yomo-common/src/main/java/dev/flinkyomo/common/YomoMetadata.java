package dev.flinkyomo.common;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of a {@link YomoRecord}: YoMo's string map (transaction id, source id, target, trace
 * ids, custom keys), as an immutable value. Two forms, equal whenever their maps are:
 *
 * <ul>
 *   <li>a decoded map ({@link #of(Map)}), for metadata made or changed inside a job;
 *   <li>the msgpack bytes as they came off the wire ({@link #ofWire(byte[])}), for records from a
 *       YoMo source: a job that never reads the metadata never decodes it, one that reads single
 *       values ({@link #get}) scans for them without building the map, and a sink can send the
 *       bytes on unchanged ({@link #wireBytes()}).
 * </ul>
 *
 * <p>Changes make new values ({@link #with}, {@link #without}); nothing a caller gets from a value
 * can change it.
 */
@PublicEvolving
public sealed interface YomoMetadata extends Serializable permits MapMetadata, WireMetadata {

    /** No metadata. */
    static YomoMetadata empty() {
        return MapMetadata.EMPTY;
    }

    /** The metadata {@code map} holds now (it is copied; null is empty). */
    static YomoMetadata of(Map<String, String> map) {
        return map == null || map.isEmpty() ? empty() : new MapMetadata(new LinkedHashMap<>(map));
    }

    /**
     * Metadata in YoMo's wire form (a msgpack string map, {@code MetadataCodec}), decoded only when
     * read. Takes the array over: the caller must not change it afterwards (the YoMo source hands
     * over the bytes it received for one frame).
     */
    static YomoMetadata ofWire(byte[] encoded) {
        return new WireMetadata(encoded);
    }

    /**
     * Like {@link #ofWire(byte[])}, for bytes a receiver has validated already ({@code
     * dev.flinkyomo.yomo.protocol.MetadataCodec#validate}), which also gave their {@code
     * yomo-target} value ({@code target}, null when absent): routing then reads it without a scan.
     * It must be that value; the value is not checked here.
     */
    @Internal
    static YomoMetadata ofValidatedWire(byte[] encoded, String target) {
        return new WireMetadata(encoded, target);
    }

    /** The value of {@code key}, or null. */
    String get(String key);

    /** The whole metadata as a read-only map in wire order (decoded anew for the wire form). */
    Map<String, String> asMap();

    /** This metadata with {@code key} set to {@code value} (null removes it). */
    default YomoMetadata with(String key, String value) {
        if (value == null) {
            return without(key);
        }
        LinkedHashMap<String, String> changed = new LinkedHashMap<>(asMap());
        changed.put(key, value);
        return new MapMetadata(changed);
    }

    /** This metadata without {@code key} (this same value when it has no such key). */
    default YomoMetadata without(String key) {
        if (get(key) == null) {
            return this;
        }
        LinkedHashMap<String, String> changed = new LinkedHashMap<>(asMap());
        changed.remove(key);
        return changed.isEmpty() ? empty() : new MapMetadata(changed);
    }

    /**
     * A copy of the bytes this metadata came in on the wire, or null when it was made or changed
     * inside the job. A sink that forwards frames as a zipper does can send these instead of
     * encoding the map again.
     */
    byte[] wireBytes();
}
