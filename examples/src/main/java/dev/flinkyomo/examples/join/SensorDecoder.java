package dev.flinkyomo.examples.join;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.formats.y3.Y3PojoDeserializationSchema;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.util.Set;

/**
 * Decodes the Y3 payload of sensor frames with the y3 format's POJO schema. Frames on other tags
 * and payloads that are not a sensor record go to {@link #REJECTED} with the reason, never dropped.
 */
public final class SensorDecoder extends ProcessFunction<YomoRecord, SensorReading> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<String> REJECTED = new OutputTag<>("rejected-readings") {};

    private final Set<Long> tags;
    private transient DeserializationSchema<SensorReading> schema;

    public SensorDecoder(Set<Long> tags) {
        this.tags = Set.copyOf(tags);
    }

    @Override
    public void open(OpenContext openContext) {
        // errors are reported per frame below, so the schema's skip counter (set up by its open) is unused
        schema = Y3PojoDeserializationSchema.of(SensorReading.class);
    }

    @Override
    public void processElement(YomoRecord r, Context ctx, Collector<SensorReading> out) {
        if (!tags.contains(r.getTag())) {
            ctx.output(REJECTED, "frame from '" + r.getClientName() + "' on tag 0x" + Long.toHexString(r.getTag())
                    + " is not a sensor tag " + tags.stream().map(t -> "0x" + Long.toHexString(t)).sorted().toList());
            return;
        }
        try {
            SensorReading reading = schema.deserialize(r.getPayload());
            if (reading.sensor == null) {
                throw new IOException("no sensor id (key 0x11)");
            }
            reading.tag = r.getTag();
            reading.tid = r.tid();
            out.collect(reading);
        } catch (IOException e) {
            ctx.output(REJECTED, "frame from '" + r.getClientName() + "' (tid " + r.tid() + ") is not a sensor record: "
                    + e.getMessage());
        }
    }
}
