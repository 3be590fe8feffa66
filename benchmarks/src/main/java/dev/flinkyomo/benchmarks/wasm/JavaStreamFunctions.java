package dev.flinkyomo.benchmarks.wasm;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkyomo.common.YomoRecord;

import java.io.IOException;

/** The uppercase and noise guests written as the plain Java Flink functions a user would write. */
final class JavaStreamFunctions {

    private JavaStreamFunctions() {}

    /** Tag 0x33 upper-cased (ASCII) to tag 0x34. */
    static final class Uppercase implements FlatMapFunction<YomoRecord, YomoRecord> {
        @Override
        public void flatMap(YomoRecord in, Collector<YomoRecord> out) {
            byte[] src = in.getPayload();
            byte[] dst = new byte[src.length];
            for (int i = 0; i < src.length; i++) {
                byte b = src[i];
                dst[i] = b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
            }
            out.collect(in.derive(0x34, dst));
        }
    }

    /** Noise JSON on 0x33: noise / 10 on 0x34, and an alert on 0x35 when it is at least 16. */
    static final class Noise implements FlatMapFunction<YomoRecord, YomoRecord> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public void flatMap(YomoRecord in, Collector<YomoRecord> out) throws IOException {
            JsonNode node = JSON.readTree(in.getPayload());
            JsonNode noise = node.get("noise");
            JsonNode time = node.get("time");
            JsonNode from = node.get("from");
            if (noise == null
                    || !noise.isNumber()
                    || time == null
                    || !time.canConvertToLong()
                    || from == null
                    || !from.isTextual()) {
                return;
            }
            ObjectNode result = JSON.createObjectNode();
            double value = noise.asDouble() / 10;
            result.put("noise", value);
            result.put("time", time.asLong());
            result.put("from", from.asText());
            out.collect(in.derive(0x34, JSON.writeValueAsBytes(result)));
            if (value >= 16) {
                ObjectNode alert = JSON.createObjectNode();
                alert.put("alert", "noise");
                alert.setAll(result);
                out.collect(in.derive(0x35, JSON.writeValueAsBytes(alert)));
            }
        }
    }
}
