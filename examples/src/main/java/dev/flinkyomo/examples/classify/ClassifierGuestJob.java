package dev.flinkyomo.examples.classify;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.wasm.datastream.WasmStreamFunctionProcessor;
import dev.flinkyomo.wasm.nn.WasiNnConfig;
import dev.flinkyomo.wasm.runtime.WasmModuleSource;
import dev.flinkyomo.yomo.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The Wasm route: a YoMo Wasm stream function (C or Rust) classifies each frame by calling the
 * model through WASI-NN, as YoMo's image-recognition demo did in WasmEdge. Its output, tag 0x42
 * {@code {"label":"red","score":0.9987}}, becomes the same "camera label score" lines as the SQL
 * route's; a frame the guest refused (tag 0x4E) or a dead letter becomes a "rejected" line.
 */
final class ClassifierGuestJob {

    /** The guests' output tags (wasm-guests/c-classifier, rust-classifier). */
    static final long LABEL_TAG = 0x42;

    static final long ERROR_TAG = 0x4E;

    /** The guests ask for the model by this name ({@code load_by_name}). */
    static final String MODEL_NAME = "colour_discs";

    private ClassifierGuestJob() {}

    /** Lines "camera label score" for labelled frames and "rejected ..." for the others. */
    static DataStream<String> build(StreamExecutionEnvironment env, int port, String guest) {
        YomoSource<YomoRecord> source =
                YomoSource.listener()
                        .setListenerName(ClassifyExample.LISTENER)
                        .setHost("0.0.0.0")
                        .setPort(port)
                        .build();
        SingleOutputStreamOperator<YomoRecord> classified =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "YoMo cameras")
                        .uid("yomo-cameras")
                        .process(
                                WasmStreamFunctionProcessor.builder(
                                                WasmModuleSource.fromClasspath(
                                                        "dev/flinkyomo/wasm/nn/guests/classifier_"
                                                                + guest
                                                                + ".wasm"))
                                        .callTimeout(Duration.ofSeconds(2))
                                        .hostOptions(
                                                WasiNnConfig.builder()
                                                        .model(MODEL_NAME, model())
                                                        .build())
                                        .build())
                        .name("Wasm: classifier_" + guest + " (WASI-NN)")
                        .uid("wasm-classifier");
        DataStream<String> deadLetters =
                classified
                        .getSideOutput(WasmStreamFunctionProcessor.DEAD_LETTERS)
                        .map(d -> "rejected dead letter: " + d)
                        .returns(Types.STRING)
                        .name("Describe dead letters");
        return classified
                .map(ClassifierGuestJob::line)
                .returns(Types.STRING)
                .name("Format labels")
                .union(deadLetters);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static String line(YomoRecord r) throws IOException {
        String camera = r.getClientName();
        if (r.getTag() != LABEL_TAG) {
            return "rejected "
                    + camera
                    + " tag "
                    + Tag.format(r.getTag())
                    + ": "
                    + new String(r.getPayload(), StandardCharsets.UTF_8);
        }
        JsonNode n = JSON.readTree(r.getPayload());
        return String.format(
                Locale.ROOT,
                "%s %s %.4f",
                camera,
                n.get("label").asText(),
                n.get("score").asDouble());
    }

    static byte[] model() {
        try (InputStream in =
                ClassifierGuestJob.class.getResourceAsStream("/models/colour_discs.onnx")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
