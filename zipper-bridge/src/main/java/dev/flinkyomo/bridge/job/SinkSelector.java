package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.functions.FilterFunction;

import dev.flinkyomo.bridge.config.ExtraSink;

import java.util.Set;

/** Which bus records an extra sink takes: the tags it names, or else what functions wrote. */
final class SinkSelector implements FilterFunction<BusRecord> {

    private static final long serialVersionUID = 1L;

    private final Set<Long> tags;

    SinkSelector(ExtraSink sink) {
        this.tags = Set.copyOf(sink.tags());
    }

    @Override
    public boolean filter(BusRecord record) {
        return tags.isEmpty() ? record.fromFunction() : tags.contains(record.getRecord().getTag());
    }
}
