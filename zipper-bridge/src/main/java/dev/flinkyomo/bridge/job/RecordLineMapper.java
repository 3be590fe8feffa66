package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.functions.MapFunction;

import java.util.List;

/** Formats bus records as text lines (see {@link RecordLines}). */
final class RecordLineMapper implements MapFunction<BusRecord, String> {

    private static final long serialVersionUID = 1L;

    private final List<String> stageNames;

    RecordLineMapper(List<String> stageNames) {
        this.stageNames = List.copyOf(stageNames);
    }

    @Override
    public String map(BusRecord record) {
        return RecordLines.format(record, stageNames);
    }
}
