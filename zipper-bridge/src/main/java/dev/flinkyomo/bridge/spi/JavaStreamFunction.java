package dev.flinkyomo.bridge.spi;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.common.YomoRecord;

import java.util.Set;

/**
 * A YoMo stream function written in Java, found by the bridge through {@link
 * java.util.ServiceLoader} when a configuration names it: list the class in {@code
 * META-INF/services/dev.flinkyomo.bridge.spi.JavaStreamFunction}.
 *
 * <p>It is YoMo's {@code NewStreamFunction(name)} + {@code SetObserveDataTags(...)} + {@code
 * SetHandler(...)}: the bridge hands it every record whose tag it observes, coming from the sources
 * or from functions listed before it; what it emits is routed on by tag to the functions after it,
 * to the mesh and to the extra sinks.
 *
 * <p>Implementations need a public no-argument constructor. Each parallel Flink subtask creates its
 * own instance and calls {@link #open()}, {@link #process} per record and {@link #close()} from one
 * thread, so instances need no synchronisation.
 */
@PublicEvolving
public interface JavaStreamFunction {

    /** The name configurations refer to it by (YoMo's stream function name). */
    String name();

    /** The data tags (uint32) whose records it receives. */
    Set<Long> observedTags();

    /**
     * Records carrying a {@code yomo-target} metadata value reach only functions whose wanted
     * target equals it (YoMo's {@code SetWantedTarget}); null, the default, takes untargeted
     * records only.
     */
    default String wantedTarget() {
        return null;
    }

    /** Called once per subtask before the first record. */
    default void open() throws Exception {}

    /**
     * Handles one record. Emit results with {@code out.emit(record.derive(tag, payload))}, which
     * keeps the record's metadata (transaction id, source id, trace ids) like YoMo's {@code
     * ctx.Write}. Emitting nothing is fine. Throwing skips the record (what was emitted for it is
     * dropped), counts it in the stage's {@code recordsFailed} and logs it (rate-limited); the job
     * goes on, as for a Wasm function's trap.
     */
    void process(YomoRecord record, Emitter out) throws Exception;

    /** Called once per subtask when the job stops. */
    default void close() throws Exception {}
}
