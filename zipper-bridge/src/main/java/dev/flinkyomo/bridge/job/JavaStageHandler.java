package dev.flinkyomo.bridge.job;

import dev.flinkyomo.bridge.spi.JavaStreamFunction;
import dev.flinkyomo.common.YomoRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Runs a {@link JavaStreamFunction}; the instance comes from ServiceLoader in the task's class
 * loader.
 */
final class JavaStageHandler implements StageHandler {

    private final JavaStreamFunction function;
    private final Set<Long> observed;

    private JavaStageHandler(JavaStreamFunction function) {
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
        function.process(
                record,
                emitted -> {
                    if (emitted == null) {
                        throw new IllegalArgumentException(function.name() + " emitted null");
                    }
                    out.add(emitted);
                });
        return out;
    }

    @Override
    public long failures() {
        // A Java function that throws fails the task instead (see JavaStreamFunction#process).
        return 0;
    }

    @Override
    public void close() throws Exception {
        function.close();
    }
}
