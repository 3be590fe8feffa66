package dev.flinkyomo.examples.y3demo;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3ObservingDecoder;
import dev.flinkyomo.y3.Y3Values;
import dev.flinkyomo.y3.Y3Writer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Quickstart job until the zipper bridge lands: YoMo's noise records ({@code noise} 0x11, {@code
 * time} 0x12, {@code from} 0x13 inside node 0x10) encoded as Y3, run through an embedded Flink job
 * that observes only the noise key, divides by 10 and flags values of 16 or more, as YoMo's noise
 * stream function does.
 */
public final class Y3NoiseDemo {

    private static final int RECORD_KEY = 0x10;
    private static final int NOISE = 0x11;
    private static final int TIME = 0x12;
    private static final int FROM = 0x13;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<byte[]> frames = new ArrayList<>();
        Random random = new Random(42);
        Y3Writer writer = new Y3Writer(IntegerEncoding.NVARINT);
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            writer.reset()
                    .beginNode(RECORD_KEY)
                    .float32(NOISE, random.nextFloat() * 200)
                    .int64(TIME, now + i * 100L)
                    .string(FROM, "sensor-" + (i % 3))
                    .endNode();
            frames.add(writer.toByteArray());
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<String> alerts = env.fromData(frames).map(new ObserveNoise());
        alerts.print();
        env.execute("y3-noise-demo");
    }

    /** Decodes only the noise key of each record; time and from are skipped by length. */
    static final class ObserveNoise implements MapFunction<byte[], String> {
        private static final Y3ObservingDecoder DECODER;
        private static final int NOISE_FIELD;

        static {
            Y3ObservingDecoder.Builder builder = Y3ObservingDecoder.builder();
            NOISE_FIELD = builder.observe(RECORD_KEY, NOISE);
            DECODER = builder.build();
        }

        @Override
        public String map(byte[] frame) {
            float[] noise = {Float.NaN};
            DECODER.decode(
                    frame,
                    (field, tag, buf, at, len, base) -> {
                        if (field == NOISE_FIELD) {
                            noise[0] = Y3Values.float32(buf, at, len, base);
                        }
                    });
            float level = noise[0] / 10;
            return String.format(
                    "noise=%6.2f%s  (%d Y3 bytes)",
                    level, level >= 16 ? "  ALERT >= 16" : "", frame.length);
        }
    }
}
