package dev.flinkyomo.connector.yomo.sink;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Ids;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.MetadataCodec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata a sink frame carries, by the rules of YoMo's Go SDK (yomo v1.22, §2.5.4):
 *
 * <ul>
 *   <li>input metadata (transaction id, source id, trace ids, custom keys) is carried forward, as a
 *       stream function's {@code ctx.Write} does, so results stay correlated with their input;
 *   <li>{@code yomo-target} is not carried forward (YoMo clears it before the handler runs); a
 *       target configured on the sink is set instead, like {@code WriteWithTarget};
 *   <li>a frame that has no transaction id or source id gets them the way a source's {@code Write}
 *       does: a fresh 21-character id and the sink client's id;
 *   <li>an empty value deletes its key, as {@code metadata.M.Set(k, "")} does.
 * </ul>
 *
 * <p>Not thread-safe; one per writer.
 */
final class OutboundMetadata {

    private final String sourceId;
    private final String target;

    /**
     * @param sourceId the sink client's id, written as {@code yomo-source-id} when absent
     * @param target the {@code yomo-target} of every frame, or null for none
     */
    OutboundMetadata(String sourceId, String target) {
        this.sourceId = sourceId;
        this.target = target;
    }

    Map<String, String> resolve(Map<String, String> input) {
        Map<String, String> out = new LinkedHashMap<>(Math.max(8, input.size() * 2));
        for (Map.Entry<String, String> e : input.entrySet()) {
            String v = e.getValue();
            if (v != null && !v.isEmpty() && !MetadataKeys.TARGET.equals(e.getKey())) {
                out.put(e.getKey(), v);
            }
        }
        out.putIfAbsent(MetadataKeys.TID, Ids.newTid());
        out.putIfAbsent(MetadataKeys.SOURCE_ID, sourceId);
        if (target != null) {
            out.put(MetadataKeys.TARGET, target);
        }
        return out;
    }

    byte[] encode(Map<String, String> input) {
        return MetadataCodec.encode(resolve(input));
    }

    /**
     * The frame metadata for {@code record}: a copy of its metadata as it came off the wire when
     * the job has not replaced it and the rules above would leave it as it is (the common case of a
     * stream function's results), else resolved and encoded.
     */
    byte[] encode(YomoRecord record) {
        byte[] wire = record.undecodedMetadata();
        if (wire != null && target == null && MetadataCodec.isForwardable(wire)) {
            return wire;
        }
        return encode(record.metadataView());
    }
}
