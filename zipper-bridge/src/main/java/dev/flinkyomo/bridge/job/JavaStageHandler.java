package dev.flinkyomo.bridge.job;

import dev.flinkyomo.bridge.spi.JavaStreamFunction;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Runs a {@link JavaStreamFunction}; the instance comes from ServiceLoader in the task's class
 * loader. A record the function throws on is skipped like a Wasm trap (see {@link
 * WasmStageHandler}): counted in {@link #failures()} (the stage's {@code recordsFailed}), logged at
 * most once per {@link #LOG_INTERVAL_NANOS}, and what the function emitted for it before throwing
 * is dropped, so a record is processed entirely or not at all. Records come from devices the bridge
 * does not control; one payload that trips a function must not fail the job, which would disconnect
 * every device and, with a restart strategy, crash-loop while the device keeps sending.
 */
final class JavaStageHandler implements StageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JavaStageHandler.class);

    static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final JavaStreamFunction function;
    private final Set<Long> observed;
    private final LogThrottle failureLog = new LogThrottle(LOG_INTERVAL_NANOS);
    private long failures;

    /** Package-private for tests; jobs use {@link #open}. */
    JavaStageHandler(JavaStreamFunction function) {
        this.function = function;
        this.observed = Set.copyOf(function.observedTags());
    }

    static JavaStageHandler open(String className, ClassLoader classLoader) throws Exception {
        JavaStreamFunction function =
                ServiceLoader.load(JavaStreamFunction.class, classLoader).stream()
                        .filter(p -> p.type().getName().equals(className))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "Java stream function "
                                                        + className
                                                        + " is not registered in"
                                                        + " META-INF/services/"
                                                        + JavaStreamFunction.class.getName()
                                                        + " on the task's class path"))
                        .get();
        function.open();
        return new JavaStageHandler(function);
    }

    @Override
    public boolean accepts(YomoRecord record) {
        return observed.contains(record.getTag())
                && StageHandler.targetMatches(record, function.wantedTarget());
    }

    @Override
    public List<YomoRecord> process(YomoRecord record) throws Exception {
        List<YomoRecord> out = new ArrayList<>(1);
        try {
            function.process(
                    record,
                    emitted -> {
                        if (emitted == null) {
                            throw new IllegalArgumentException(function.name() + " emitted null");
                        }
                        out.add(emitted);
                    });
        } catch (InterruptedException e) {
            throw e; // the task is being cancelled
        } catch (Exception e) {
            failed(record, e);
            return List.of();
        }
        return out;
    }

    private void failed(YomoRecord record, Exception e) {
        failures++;
        long unlogged = failureLog.admit();
        if (unlogged < 0) {
            return;
        }
        LOG.warn(
                "Java stream function {} skipped {} ({} more skipped since the last such line)",
                function.name(),
                record,
                unlogged,
                e);
    }

    @Override
    public long failures() {
        return failures;
    }

    @Override
    public void close() throws Exception {
        function.close();
    }
}
