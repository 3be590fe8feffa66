package dev.flinkyomo.bridge.job;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.wasm.runtime.WasmRuntimeConfig;
import dev.flinkyomo.wasm.runtime.WasmTrapException;
import dev.flinkyomo.wasm.yomo.YomoStreamFunction;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs a YoMo Wasm stream function through flink-wasm-udf's host. A trap or timeout skips that
 * record (logged and counted; the instance is rebuilt by the host) and the job goes on, like a YoMo
 * sfn whose handler failed; a module that does not load fails the task.
 */
final class WasmStageHandler implements StageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WasmStageHandler.class);

    private final YomoStreamFunction function;
    private final LogThrottle failureLog = new LogThrottle(JavaStageHandler.LOG_INTERVAL_NANOS);
    private long failures;

    private WasmStageHandler(YomoStreamFunction function) {
        this.function = function;
    }

    static WasmStageHandler open(WasmModuleSource module) {
        YomoStreamFunction f =
                new YomoStreamFunction(module, WasmRuntimeConfig.defaults(), Set.of());
        f.open();
        return new WasmStageHandler(f);
    }

    @Override
    public boolean accepts(YomoRecord record) {
        return function.observes(record.getTag())
                && StageHandler.targetMatches(record, function.wantedTarget());
    }

    @Override
    public List<YomoRecord> process(YomoRecord record) {
        List<YomoRecord> out = new ArrayList<>(2);
        try {
            function.process(
                    record.getTag(),
                    record.getPayload(),
                    (tag, data, target) -> out.add(record.derive(tag, data, target)));
        } catch (WasmTrapException e) {
            if (e.kind() == WasmTrapException.Kind.INTERRUPTED) {
                throw e; // the task is being cancelled
            }
            failures++;
            long unlogged = failureLog.admit();
            if (unlogged >= 0) {
                LOG.warn(
                        "Wasm stream function {} skipped {} ({} more skipped since the last such"
                                + " line): {}",
                        function.moduleName(),
                        record,
                        unlogged,
                        LogSafe.quote(e.getMessage(), LogSafe.MESSAGE_CHARS));
            }
            return List.of();
        }
        return out;
    }

    @Override
    public long failures() {
        return failures;
    }

    @Override
    public void close() {
        function.close();
    }
}
