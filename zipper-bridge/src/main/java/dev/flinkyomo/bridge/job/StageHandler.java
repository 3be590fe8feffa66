package dev.flinkyomo.bridge.job;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.Routing;

import java.util.List;

/** One stream function as a stage runs it: which records it takes and what it writes for one. */
interface StageHandler extends AutoCloseable {

    /** YoMo's routing test: an observed tag, and a {@code yomo-target} (if any) it wants. */
    boolean accepts(YomoRecord record);

    /** What the function writes for one record; may be empty. */
    List<YomoRecord> process(YomoRecord record) throws Exception;

    /** Records the function failed on and skipped (Wasm traps), for the metrics. */
    long failures();

    static boolean targetMatches(YomoRecord record, String wantedTarget) {
        return Routing.targetMatches(record.metadataValue(MetadataKeys.TARGET), wantedTarget);
    }
}
