package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.annotation.PublicEvolving;
import dev.flinkyomo.yomo.protocol.MetadataCodec;

import java.util.Map;

/**
 * A data frame accepted by a listener: tag, metadata as it came on the wire (msgpack, already
 * validated), payload, the sending connection and the receive time (epoch millis, taken once per
 * network read). The metadata is decoded only when someone asks for it.
 *
 * @param target the metadata's {@code yomo-target} as {@link MetadataCodec#validate} found it while
 *     checking the frame (null when it has none), so routing does not scan the metadata again
 * @param producerId the producer of the acknowledgement extension (yomo-java/ACKS.md); null unless
 *     the session negotiated acknowledgements
 * @param sequence the producer's sequence of this frame (unsigned); 0 unless acknowledging
 */
@PublicEvolving
public record InboundFrame(
        long tag,
        byte[] encodedMetadata,
        String target,
        byte[] payload,
        ConnectionInfo connection,
        long receivedAtMillis,
        String producerId,
        long sequence) {

    /**
     * A frame of a session without acknowledgements, its metadata validated here.
     *
     * @throws dev.flinkyomo.yomo.protocol.YomoProtocolException if the metadata is malformed
     */
    public InboundFrame(
            long tag,
            byte[] encodedMetadata,
            byte[] payload,
            ConnectionInfo connection,
            long receivedAtMillis) {
        this(
                tag,
                encodedMetadata,
                MetadataCodec.validate(encodedMetadata),
                payload,
                connection,
                receivedAtMillis,
                null,
                0);
    }

    /**
     * Rough heap footprint, for bounding a queue of frames by bytes: arrays plus object headers.
     */
    public long heapBytes() {
        return payload.length + encodedMetadata.length + 96;
    }

    /** The metadata, decoded on every call. */
    public Map<String, String> metadata() {
        return MetadataCodec.decode(encodedMetadata);
    }
}
