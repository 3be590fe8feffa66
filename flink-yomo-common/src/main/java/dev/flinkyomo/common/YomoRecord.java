package dev.flinkyomo.common;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import dev.flinkyomo.common.typeutils.YomoRecordTypeInfoFactory;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.Tag;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One YoMo data frame as it travels through Flink: the data tag, the opaque payload, the frame
 * metadata ({@link YomoMetadata}, an immutable value), and where and when it arrived.
 *
 * <p>A plain value: its fields are all there is to it, and {@code equals}, {@code hashCode} and
 * {@code toString} read them without changing anything. Tags are YoMo's uint32 data tags held in a
 * {@code long} (0 to 2^32-1). The metadata is changed only by replacing it ({@link
 * #setMetadata(YomoMetadata)}, {@link #putMetadata}); the map {@link #getMetadata()} gives is
 * read-only.
 *
 * <p>Flink sees the POJO fields (tag, payload, metadata as a {@code MAP<STRING, STRING>},
 * clientName, clientId, receivedAt) and serializes it with the reflection-free {@link
 * dev.flinkyomo.common.typeutils.YomoRecordSerializer}.
 *
 * <p>{@link #derive(long, byte[])} is YoMo's {@code ctx.Write(tag, data)}: a new record that keeps
 * the input's metadata (transaction id, source id, trace ids) so results stay correlated.
 */
@PublicEvolving
@TypeInfo(YomoRecordTypeInfoFactory.class)
public class YomoRecord implements Serializable {

    private static final long serialVersionUID = 2L;

    private long tag;
    // shared: a record made by a constructor that sets the payload did allocate one per record
    private static final byte[] NO_PAYLOAD = new byte[0];

    private byte[] payload = NO_PAYLOAD;
    private YomoMetadata metadata = YomoMetadata.empty();
    private String clientName;
    private String clientId;
    private long receivedAt;

    public YomoRecord() {}

    public YomoRecord(long tag, byte[] payload, Map<String, String> metadata) {
        this(tag, payload, YomoMetadata.of(metadata));
    }

    public YomoRecord(long tag, byte[] payload, YomoMetadata metadata) {
        setTag(tag);
        setPayload(payload);
        setMetadata(metadata);
    }

    public static YomoRecord of(long tag, byte[] payload) {
        return new YomoRecord(tag, payload, YomoMetadata.empty());
    }

    /**
     * A record made from a received frame, its metadata kept in wire form ({@link
     * YomoMetadata#ofWire}): a job that never reads the metadata never decodes it. {@code
     * encodedMetadata} is taken over and must not change afterwards.
     */
    public static YomoRecord fromWire(long tag, byte[] payload, byte[] encodedMetadata) {
        return new YomoRecord(tag, payload, YomoMetadata.ofWire(encodedMetadata));
    }

    /**
     * Like {@link #fromWire(long, byte[], byte[])} for a frame whose metadata the receiver
     * validated, with the {@code yomo-target} value that validation found (null: none); see {@link
     * YomoMetadata#ofValidatedWire}.
     */
    @Internal
    public static YomoRecord fromValidatedWire(
            long tag, byte[] payload, byte[] encodedMetadata, String target) {
        return new YomoRecord(tag, payload, YomoMetadata.ofValidatedWire(encodedMetadata, target));
    }

    /**
     * Like the constructor, but takes {@code metadata} over instead of copying it: for the
     * serializer, which decodes a fresh map per record, where the copy would be pure overhead.
     */
    @Internal
    public static YomoRecord adopting(
            long tag, byte[] payload, LinkedHashMap<String, String> metadata) {
        return new YomoRecord(
                tag,
                payload,
                metadata == null || metadata.isEmpty()
                        ? YomoMetadata.empty()
                        : new MapMetadata(metadata));
    }

    /**
     * A new record with another tag and payload, carrying this record's metadata forward (the same
     * immutable value: nothing is copied or decoded).
     */
    public YomoRecord derive(long newTag, byte[] newPayload) {
        YomoRecord out = new YomoRecord(newTag, newPayload, metadata);
        out.clientName = clientName;
        out.clientId = clientId;
        out.receivedAt = receivedAt;
        return out;
    }

    /**
     * {@link #derive(long, byte[])} for YoMo's {@code ctx.WriteWithTarget}: {@code yomo-target} is
     * set to {@code target}, or removed when it is null (a plain {@code ctx.Write} is not targeted,
     * whatever its input was). The metadata stays the input's own value, still in wire form if it
     * was, unless the target changes it.
     */
    public YomoRecord derive(long newTag, byte[] newPayload, String target) {
        YomoRecord out = derive(newTag, newPayload);
        if (!Objects.equals(target, metadata.get(MetadataKeys.TARGET))) {
            out.metadata = metadata.with(MetadataKeys.TARGET, target);
        }
        return out;
    }

    /**
     * An independent copy (what Flink's copying between chained operators uses): the payload is
     * cloned; the metadata, being immutable, is shared.
     */
    public YomoRecord copy() {
        return derive(tag, payload.clone());
    }

    /**
     * One metadata value, or null. Metadata still in wire form reads just that key and leaves the
     * rest undecoded, so a per-record check such as the target builds no map.
     */
    public String metadataValue(String key) {
        return metadata.get(key);
    }

    /** The metadata value. */
    public YomoMetadata metadata() {
        return metadata;
    }

    /**
     * The metadata exactly as it came off the wire (a copy), or null when the record's metadata was
     * made or replaced inside the job. A sink that forwards frames unchanged, as a zipper does to
     * its mesh peers, can send these bytes instead of decoding and encoding again.
     */
    public byte[] undecodedMetadata() {
        return metadata.wireBytes();
    }

    /** The metadata as a read-only map (the same as {@link #getMetadata()}). */
    public Map<String, String> metadataView() {
        return metadata.asMap();
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
        this.payload = payload == null ? NO_PAYLOAD : payload;
    }

    /**
     * The metadata as a read-only map; change it with {@link #setMetadata} or {@link #putMetadata}.
     */
    public Map<String, String> getMetadata() {
        return metadata.asMap();
    }

    /** Replaces the metadata with a copy of {@code metadata} (null: none). */
    public void setMetadata(Map<String, String> metadata) {
        this.metadata = YomoMetadata.of(metadata);
    }

    /** Replaces the metadata (null: none). */
    public void setMetadata(YomoMetadata metadata) {
        this.metadata = metadata == null ? YomoMetadata.empty() : metadata;
    }

    /** Sets one metadata value ({@code value} null removes the key). */
    public void putMetadata(String key, String value) {
        this.metadata = metadata.with(key, value);
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
                && metadata.equals(that.metadata)
                && Objects.equals(clientName, that.clientName)
                && Objects.equals(clientId, that.clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                tag, Arrays.hashCode(payload), metadata, clientName, clientId, receivedAt);
    }

    @Override
    public String toString() {
        return "YomoRecord{tag="
                + Tag.format(tag)
                + ", payload="
                + payload.length
                + " bytes, metadata="
                + metadata
                + (clientName != null ? ", client=" + LogSafe.quote(clientName) : "")
                + '}';
    }
}
