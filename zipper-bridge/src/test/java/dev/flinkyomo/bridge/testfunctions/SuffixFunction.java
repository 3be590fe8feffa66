package dev.flinkyomo.bridge.testfunctions;

import dev.flinkyomo.bridge.spi.Emitter;
import dev.flinkyomo.bridge.spi.JavaStreamFunction;
import dev.flinkyomo.common.YomoRecord;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Test function: observes 0x33 and 0x34, writes payload + "!" as 0x35. */
public class SuffixFunction implements JavaStreamFunction {

    @Override
    public String name() {
        return "test-suffix";
    }

    @Override
    public Set<Long> observedTags() {
        return Set.of(0x33L, 0x34L);
    }

    @Override
    public void process(YomoRecord record, Emitter out) {
        String text = new String(record.getPayload(), StandardCharsets.UTF_8);
        out.emit(record.derive(0x35, (text + "!").getBytes(StandardCharsets.UTF_8)));
    }
}
