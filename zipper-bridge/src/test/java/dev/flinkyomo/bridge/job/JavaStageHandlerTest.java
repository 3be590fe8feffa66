package dev.flinkyomo.bridge.job;

import org.apache.flink.testutils.logging.LoggerAuditingExtension;

import dev.flinkyomo.bridge.spi.Emitter;
import dev.flinkyomo.bridge.spi.JavaStreamFunction;
import dev.flinkyomo.common.YomoRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Java stream function that throws on one payload skips that record and the stage goes on. */
class JavaStageHandlerTest {

    @RegisterExtension
    final LoggerAuditingExtension log =
            new LoggerAuditingExtension(JavaStageHandler.class, Level.WARN);

    /** Parses the payload as an int and writes it doubled; emits once before parsing. */
    static final class Doubler implements JavaStreamFunction {
        @Override
        public String name() {
            return "doubler";
        }

        @Override
        public Set<Long> observedTags() {
            return Set.of(0x21L);
        }

        @Override
        public void process(YomoRecord record, Emitter out) throws Exception {
            String text = new String(record.getPayload(), StandardCharsets.UTF_8);
            out.emit(record.derive(0x22, "seen".getBytes(StandardCharsets.UTF_8)));
            if (text.equals("interrupt")) {
                throw new InterruptedException("cancelled");
            }
            int v = Integer.parseInt(text);
            out.emit(record.derive(0x23, String.valueOf(2 * v).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static YomoRecord record(String payload) {
        return new YomoRecord(0x21, payload.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static List<String> payloads(List<YomoRecord> records) {
        return records.stream()
                .map(r -> new String(r.getPayload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aThrowingRecordIsSkippedWholeAndCountedAndTheNextOnesGoOn() throws Exception {
        JavaStageHandler stage = new JavaStageHandler(new Doubler());

        assertThat(payloads(stage.process(record("2")))).containsExactly("seen", "4");
        // the "seen" emitted before the exception is dropped with the record
        assertThat(stage.process(record("not a number"))).isEmpty();
        assertThat(stage.process(record("also bad"))).isEmpty();
        assertThat(payloads(stage.process(record("5")))).containsExactly("seen", "10");
        assertThat(stage.failures()).isEqualTo(2);
    }

    @Test
    void cancellationStillStopsTheTask() {
        JavaStageHandler stage = new JavaStageHandler(new Doubler());
        assertThatThrownBy(() -> stage.process(record("interrupt")))
                .isInstanceOf(InterruptedException.class);
        assertThat(stage.failures()).isZero();
    }

    @Test
    void aRecordWithAHostileClientNameAndMetadataLogsOneEscapedLine() throws Exception {
        JavaStageHandler stage = new JavaStageHandler(new Doubler());
        YomoRecord hostile =
                new YomoRecord(
                        0x21,
                        "not a number".getBytes(StandardCharsets.UTF_8),
                        Map.of("yomo-tid", "t\n12:00 INFO forged"));
        hostile.setClientName("dev\n\u001b[2J");

        assertThat(stage.process(hostile)).isEmpty();

        assertThat(log.getMessages())
                .singleElement()
                .asString()
                .doesNotContain("\n", "\u001b")
                .contains("'yomo-tid'='t\\n12:00 INFO forged'")
                .contains("client='dev\\n\\u001b[2J'");
    }
}
