package dev.flinkyomo.common;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import dev.flinkyomo.common.typeutils.YomoRecordTypeInfoFactory;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.Tag;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One YoMo data frame as it travels through Flink: the data tag, the opaque payload, the frame
 * metadata (msgpack string map on the wire), and where and when it arrived.
 *
 * <p>It is a Flink POJO (public no-arg constructor, getters and setters) so it needs no Kryo. Tags
 * are YoMo's uint32 data tags held in a {@code long} (0 to 2^32-1).
 *
 * <p>Flink handles it as a POJO whose serializer is the reflection-free {@link
 * dev.flinkyomo.common.typeutils.YomoRecordSerializer}.
 *
 * <p>{@link #derive(long, byte[])} is YoMo's {@code ctx.Write(tag, data)}: a new record that keeps
 * the input's metadata (transaction id, source id, trace ids) so results stay correlated.
 */
@TypeInfo(YomoRecordTypeInfoFactory.class)
public class YomoRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    private long tag;
    private byte[] payload = new byte[0];
    private Map<String, String> metadata;

    /**
     * True when another record may hold the same metadata map ({@link #copy()}, {@link #derive}):
     * the map is then only read, and {@link #getMetadata()} first takes a private copy. Copying a
     * record therefore costs no map copy unless someone goes on to change its metadata.
     */
    private transient boolean metadataShared;

    /**
     * Decodes {@link #pendingEncoded} into the metadata on first use, for records made from the
     * wire (see {@link #withLazyMetadata}); both null once decoded. Every read of {@link #metadata}
     * checks them first ({@link #meta()}, {@link #metadataValue}). Two fields rather than one
     * capturing lambda, so making such a record allocates nothing for its metadata.
     */
    private transient MetadataDecoder pendingDecoder;

    private transient byte[] pendingEncoded;

    /**
     * The last key looked up in {@link #pendingEncoded} and its value (null: absent), passed on
     * with the bytes to derived records: a stream function's target check and the same check in
     * {@link #derive(long, byte[], String)} then scan the bytes once per input, not once per
     * record.
     */
    private transient String lookedUpKey;

    private transient String lookedUpValue;
    private String clientName;
    private String clientId;
    private long receivedAt;

    public YomoRecord() {
        this.metadata = new LinkedHashMap<>();
    }

    /**
     * For the factories, which set the metadata themselves: no empty map made only to be replaced.
     */
    private YomoRecord(long tag, byte[] payload) {
        setTag(tag);
        setPayload(payload);
    }

    public YomoRecord(long tag, byte[] payload, Map<String, String> metadata) {
        setTag(tag);
        setPayload(payload);
        setMetadata(metadata);
    }

    /**
     * Like the constructor, but takes ownership of {@code metadata} instead of copying it: the
     * caller hands over a map nobody else references. For sources that decode a fresh map per
     * frame, where the copy would be pure overhead.
     */
    public static YomoRecord adopting(
            long tag, byte[] payload, LinkedHashMap<String, String> metadata) {
        YomoRecord r = new YomoRecord(tag, payload);
        r.metadata = metadata == null ? new LinkedHashMap<>() : metadata;
        return r;
    }

    /**
     * A record whose metadata is {@code decoder.decode(encodedMetadata)}, decoded only when first
     * read as a whole, so a job that never looks at the metadata never pays for it, and one that
     * reads single values ({@link #metadataValue}) pays for those. The decoder must return a new
     * map on every call (copies of the record may each decode their own), and {@code
     * encodedMetadata} must not change afterwards.
     */
    public static YomoRecord withLazyMetadata(
            long tag, byte[] payload, byte[] encodedMetadata, MetadataDecoder decoder) {
        YomoRecord r = new YomoRecord(tag, payload);
        r.pendingDecoder = Objects.requireNonNull(decoder);
        r.pendingEncoded = encodedMetadata;
        return r;
    }

    public static YomoRecord of(long tag, byte[] payload) {
        return new YomoRecord(tag, payload, Collections.emptyMap());
    }

    /** A new record with another tag and payload, carrying this record's metadata forward. */
    public YomoRecord derive(long newTag, byte[] newPayload) {
        YomoRecord out = new YomoRecord(newTag, newPayload);
        shareMetadataWith(out);
        out.clientName = clientName;
        out.clientId = clientId;
        out.receivedAt = receivedAt;
        return out;
    }

    /**
     * {@link #derive(long, byte[])} for YoMo's {@code ctx.WriteWithTarget}: {@code yomo-target} is
     * set to {@code target}, or removed when it is null (a plain {@code ctx.Write} is not targeted,
     * whatever its input was). The metadata map stays shared unless the target changes it.
     */
    public YomoRecord derive(long newTag, byte[] newPayload, String target) {
        YomoRecord out = derive(newTag, newPayload);
        String current =
                out.metadataValue(
                        MetadataKeys.TARGET); // a plain write on a plain input stays undecoded
        if (target == null) {
            if (current != null) {
                out.getMetadata().remove(MetadataKeys.TARGET);
            }
        } else if (!target.equals(current)) {
            out.getMetadata().put(MetadataKeys.TARGET, target);
        }
        return out;
    }

    /**
     * An independent copy (what Flink's copying between chained operators uses): the payload is
     * cloned; the metadata map is shared until either record hands it out for changes through
     * {@link #getMetadata()}.
     */
    public YomoRecord copy() {
        return derive(tag, payload.clone());
    }

    private void shareMetadataWith(YomoRecord other) {
        if (pendingDecoder != null) {
            // not decoded yet: each record decodes its own map if it ever needs one
            other.metadata = null;
            other.pendingDecoder = pendingDecoder;
            other.pendingEncoded = pendingEncoded;
            other.lookedUpKey = lookedUpKey;
            other.lookedUpValue = lookedUpValue;
            return;
        }
        other.metadata = metadata;
        other.metadataShared = true;
        metadataShared = true;
    }

    /** The metadata map, decoded first if it is still pending; may be shared (read only). */
    private Map<String, String> meta() {
        if (pendingDecoder != null) {
            metadata = pendingDecoder.decode(pendingEncoded);
            pendingDecoder = null;
            pendingEncoded = null;
            lookedUpKey = null;
            lookedUpValue = null;
            metadataShared = false;
        }
        return metadata;
    }

    /**
     * One metadata value, or null. On a record whose metadata is still in its wire form and whose
     * decoder is {@link MetadataDecoder.Searchable}, this reads just that key and leaves the rest
     * undecoded, so a per-record check such as the target builds no map.
     */
    public String metadataValue(String key) {
        if (pendingDecoder instanceof MetadataDecoder.Searchable) {
            if (!key.equals(lookedUpKey)) {
                lookedUpValue =
                        ((MetadataDecoder.Searchable) pendingDecoder).find(pendingEncoded, key);
                lookedUpKey = key;
            }
            return lookedUpValue;
        }
        return meta().get(key);
    }

    /**
     * The metadata exactly as it came off the wire, when nothing has decoded it since (so nothing
     * can have changed it either), else null. A sink that forwards frames unchanged, as a zipper
     * does to its mesh peers, can send these bytes instead of decoding and encoding again. The
     * array is the record's own (copies share it): read it, never write to it.
     */
    public byte[] undecodedMetadata() {
        return pendingDecoder != null ? pendingEncoded : null;
    }

    /** The metadata for reading only (no private copy is taken, even when the map is shared). */
    public Map<String, String> metadataView() {
        return Collections.unmodifiableMap(meta());
    }

    public long getTag() {
        return tag;
    }

    public void setTag(long tag) {
        this.tag = Tag.checkValid(tag, "YoMo data tag");
    }

    public byte[] getPayload() {
        return payload;
    }

    public void setPayload(byte[] payload) {
        this.payload = payload == null ? new byte[0] : payload;
    }

    public Map<String, String> getMetadata() {
        meta();
        if (metadataShared) {
            metadata = new LinkedHashMap<>(metadata);
            metadataShared = false;
        }
        return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
        this.metadata = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        this.metadataShared = false;
        this.pendingDecoder = null;
        this.pendingEncoded = null;
    }

    public String getClientName() {
        return clientName;
    }

    public void setClientName(String clientName) {
        this.clientName = clientName;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** Receive time in epoch milliseconds, or 0 when the record did not come off the wire. */
    public long getReceivedAt() {
        return receivedAt;
    }

    public void setReceivedAt(long receivedAt) {
        this.receivedAt = receivedAt;
    }

    public String tid() {
        return metadataValue(MetadataKeys.TID);
    }

    public String sourceId() {
        return metadataValue(MetadataKeys.SOURCE_ID);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof YomoRecord)) {
            return false;
        }
        YomoRecord that = (YomoRecord) o;
        return tag == that.tag
                && receivedAt == that.receivedAt
                && Arrays.equals(payload, that.payload)
                && meta().equals(that.meta())
                && Objects.equals(clientName, that.clientName)
                && Objects.equals(clientId, that.clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                tag, Arrays.hashCode(payload), meta(), clientName, clientId, receivedAt);
    }

    @Override
    public String toString() {
        return "YomoRecord{tag=0x"
                + Long.toHexString(tag)
                + ", payload="
                + payload.length
                + " bytes, metadata="
                + meta()
                + (clientName != null ? ", client=" + clientName : "")
                + '}';
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        meta(); // the pending decoder is transient: write the decoded map
        out.defaultWriteObject();
    }
}
