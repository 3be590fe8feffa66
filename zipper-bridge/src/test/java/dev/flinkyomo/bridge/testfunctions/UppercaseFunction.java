package dev.flinkyomo.bridge.testfunctions;

import dev.flinkyomo.bridge.spi.Emitter;
import dev.flinkyomo.bridge.spi.JavaStreamFunction;
import dev.flinkyomo.common.YomoRecord;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Test function: observes 0x33, writes the upper-cased payload as 0x34 (YoMo's C/Zig example). */
public class UppercaseFunction implements JavaStreamFunction {

    @Override
    public String name() {
        return "test-upper";
    }

    @Override
    public Set<Long> observedTags() {
        return Set.of(0x33L);
    }

    @Override
    public void process(YomoRecord record, Emitter out) {
        String text = new String(record.getPayload(), StandardCharsets.UTF_8);
        out.emit(
                record.derive(
                        0x34, text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
    }
}
