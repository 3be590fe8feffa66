package dev.flinkyomo.examples.image;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Splits the image function's outputs: statistics (tag 0x41, JSON {@code
 * {"width","height","brightness","edge_permille"}}) become {@link FrameStats}; its error reports
 * (tag 0x4E, text) and anything unreadable go to {@link #REJECTED} with the reason.
 */
public final class FrameStatsParser extends ProcessFunction<YomoRecord, FrameStats> {

    private static final long serialVersionUID = 1L;

    public static final long STATS_TAG = 0x41;
    public static final long ERROR_TAG = 0x4E;

    /** One line per frame the function refused or whose statistics could not be read. */
    public static final OutputTag<String> REJECTED = new OutputTag<>("rejected-frames") {};

    private transient ObjectMapper json;

    @Override
    public void processElement(YomoRecord r, Context ctx, Collector<FrameStats> out) {
        if (r.getTag() == ERROR_TAG) {
            ctx.output(
                    REJECTED,
                    describe(r)
                            + " rejected by the image function: "
                            + new String(r.getPayload(), StandardCharsets.UTF_8));
            return;
        }
        if (r.getTag() != STATS_TAG) {
            ctx.output(REJECTED, describe(r) + " has unexpected tag " + Tag.format(r.getTag()));
            return;
        }
        if (json == null) {
            json = new ObjectMapper();
        }
        try {
            JsonNode n = json.readTree(r.getPayload());
            out.collect(
                    new FrameStats(
                            r.getClientName(),
                            r.tid(),
                            field(n, "width"),
                            field(n, "height"),
                            field(n, "brightness"),
                            field(n, "edge_permille")));
        } catch (IOException | IllegalArgumentException e) {
            ctx.output(
                    REJECTED,
                    describe(r)
                            + ": unreadable statistics "
                            + new String(r.getPayload(), StandardCharsets.UTF_8)
                            + " ("
                            + e.getMessage()
                            + ")");
        }
    }

    private static int field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("missing integer field '" + name + "'");
        }
        return v.intValue();
    }

    private static String describe(YomoRecord r) {
        return "frame from '" + r.getClientName() + "' (tid " + r.tid() + ")";
    }
}
