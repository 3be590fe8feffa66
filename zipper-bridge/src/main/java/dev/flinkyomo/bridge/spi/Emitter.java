package dev.flinkyomo.bridge.spi;

import org.apache.flink.annotation.PublicEvolving;

import dev.flinkyomo.common.YomoRecord;

/** Where a {@link JavaStreamFunction} writes its results; each emitted record is routed by tag. */
@PublicEvolving
@FunctionalInterface
public interface Emitter {

    void emit(YomoRecord record);
}
