package dev.flinkyomo.bridge.spi;

import dev.flinkyomo.common.YomoRecord;

/** Where a {@link JavaStreamFunction} writes its results; each emitted record is routed by tag. */
@FunctionalInterface
public interface Emitter {

    void emit(YomoRecord record);
}
