package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.split.ProducerTable;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.ConnectionInfo;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decode error policies at the emitter, without a cluster. */
class YomoRecordEmitterTest {

    @RegisterExtension
    final LoggerAuditingExtension decodeLog =
            new LoggerAuditingExtension(DecodeErrorLog.class, Level.WARN);

    private static final ConnectionInfo PEER =
            new ConnectionInfo("dev\n\u001b[31mx", "id", 0x5F, ProtocolGeneration.FINAL, "test");

    static final class Ints extends AbstractDeserializationSchema<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer deserialize(byte[] message) {
            return Integer.parseInt(new String(message, StandardCharsets.UTF_8));
        }
    }

    /** Collects, or throws as a chained downstream operator would. */
    static final class Output<T> implements SourceOutput<T> {
        final List<T> got = new ArrayList<>();
        boolean throwing;

        @Override
        public void collect(T record) {
            collect(record, 0);
        }

        @Override
        public void collect(T record, long timestamp) {
            if (throwing) {
                throw new IllegalStateException("downstream map failed");
            }
            got.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    private static InboundFrame frame(String payload) {
        return new InboundFrame(
                0x21, new byte[0], payload.getBytes(StandardCharsets.UTF_8), PEER, 1L);
    }

    /** A record routes by the target the listener found; its metadata says the same. */
    @Test
    void recordsCarryTheTargetTheListenerFound() throws Exception {
        YomoRecordEmitter<YomoRecord> emitter =
                new YomoRecordEmitter<>(
                        YomoDeserializationSchema.records(),
                        DecodeErrorPolicy.FAIL,
                        new SimpleCounter(),
                        "listener 't'");
        Output<YomoRecord> out = new Output<>();
        byte[] targeted = MetadataCodec.encode(Map.of(MetadataKeys.TARGET, "sfn-2"));
        emitter.emitRecord(
                new InboundFrame(0x21, targeted, new byte[] {1}, PEER, 1L), out, state());
        emitter.emitRecord(frame("2"), out, state());
        assertThat(out.got)
                .extracting(r -> r.metadataValue(MetadataKeys.TARGET))
                .containsExactly("sfn-2", null);
        assertThat(out.got.get(0).getMetadata())
                .containsExactly(Map.entry(MetadataKeys.TARGET, "sfn-2"));
    }

    private static YomoSplitState state() {
        return new YomoSplitState(new YomoListenerSplit(0, 0, 0));
    }

    @Test
    void skipCountsAndDropsTheBadFrame() throws Exception {
        SimpleCounter errors = new SimpleCounter();
        YomoRecordEmitter<Integer> emitter =
                new YomoRecordEmitter<>(
                        YomoDeserializationSchema.payload(new Ints()),
                        DecodeErrorPolicy.SKIP,
                        errors,
                        "listener 't'");
        Output<Integer> out = new Output<>();
        YomoSplitState state = state();
        for (String p : List.of("1", "x", "2", "y")) {
            emitter.emitRecord(frame(p), out, state);
        }
        assertThat(out.got).containsExactly(1, 2);
        assertThat(errors.getCount()).isEqualTo(2);
    }

    @Test
    void framesAnAcknowledgingDeviceResentAreDroppedOnceEmitted() throws Exception {
        SimpleCounter duplicates = new SimpleCounter();
        YomoRecordEmitter<Integer> emitter =
                new YomoRecordEmitter<>(
                        YomoDeserializationSchema.payload(new Ints()),
                        DecodeErrorPolicy.SKIP,
                        new SimpleCounter(),
                        "listener 't'",
                        null,
                        duplicates);
        Output<Integer> out = new Output<>();
        ProducerTable table = new ProducerTable(java.util.Map.of());
        YomoSplitState state =
                new YomoSplitState(
                        new YomoListenerSplit(0, 0, 0), table, java.time.Duration.ofHours(1));
        // 1..5 from the old session, then the new session resends from 3 (they were queued)
        for (long seq : new long[] {1, 2, 3, 4, 5, 3, 4, 5, 6, 7}) {
            emitter.emitRecord(acked(seq), out, state);
        }
        assertThat(out.got).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(duplicates.getCount()).isEqualTo(3);
        assertThat(table.resumeAfter("sensor-7")).isEqualTo(7);
        // a stock device's frames (no producer) are never deduplicated
        emitter.emitRecord(frame("8"), out, state);
        emitter.emitRecord(frame("8"), out, state);
        assertThat(out.got).endsWith(8, 8);
    }

    private static InboundFrame acked(long seq) {
        return new InboundFrame(
                0x21,
                new byte[0],
                null,
                Long.toString(seq).getBytes(StandardCharsets.UTF_8),
                PEER,
                1L,
                "sensor-7",
                seq);
    }

    @Test
    void failNamesSourceClientTagAndCause() {
        SimpleCounter errors = new SimpleCounter();
        YomoRecordEmitter<Integer> emitter =
                new YomoRecordEmitter<>(
                        YomoDeserializationSchema.payload(new Ints()),
                        DecodeErrorPolicy.FAIL,
                        errors,
                        "listener 't'");
        assertThatThrownBy(() -> emitter.emitRecord(frame("x"), new Output<>(), state()))
                .hasMessageContaining("YoMo source listener 't'")
                .hasMessageContaining("tag 0x21")
                // the client's control characters are escaped, not written raw
                .hasMessageContaining("client 'dev\\n\\u001b[31mx'")
                .hasMessageContaining("'scan.decode-errors' = 'fail'")
                .hasMessageContaining("For input string: \"x\"");
        assertThat(errors.getCount()).isEqualTo(1);
    }

    @Test
    void deadLetterEmitsTheFrameWithTheError() throws Exception {
        YomoRecordEmitter<YomoDecodeResult<Integer>> emitter =
                new YomoRecordEmitter<>(
                        YomoDeserializationSchema.payloadOrDeadLetter(new Ints()),
                        DecodeErrorPolicy.DEAD_LETTER,
                        new SimpleCounter(),
                        "listener 't'");
        Output<YomoDecodeResult<Integer>> out = new Output<>();
        emitter.emitRecord(frame("7"), out, state());
        emitter.emitRecord(frame("x"), out, state());
        assertThat(out.got.get(0).getValue()).isEqualTo(7);
        assertThat(out.got.get(1).isDeadLetter()).isTrue();
        assertThat(out.got.get(1).getDeadLetter().getRecord().getPayload())
                .isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThat(out.got.get(1).getDeadLetter().getError()).contains("For input string");
    }

    /** A chained operator's exception is not a decode error: it fails the task under SKIP too. */
    @Test
    void downstreamFailureIsNotSkipped() {
        SimpleCounter errors = new SimpleCounter();
        YomoRecordEmitter<Integer> emitter =
                new YomoRecordEmitter<>(
                        YomoDeserializationSchema.payload(new Ints()),
                        DecodeErrorPolicy.SKIP,
                        errors,
                        "listener 't'");
        Output<Integer> out = new Output<>();
        out.throwing = true;
        assertThatThrownBy(() -> emitter.emitRecord(frame("1"), out, state()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("downstream map failed");
        assertThat(errors.getCount()).isZero();
    }

    @Test
    void skipLogsTheHostileClientNameOnOneEscapedLine() throws Exception {
        YomoRecordEmitter<Integer> emitter =
                new YomoRecordEmitter<>(
                        YomoDeserializationSchema.payload(new Ints()),
                        DecodeErrorPolicy.SKIP,
                        new SimpleCounter(),
                        "listener 't'");

        emitter.emitRecord(frame("x\nERROR forged"), new Output<>(), state());

        assertThat(decodeLog.getMessages())
                .singleElement()
                .asString()
                .doesNotContain("\n", "\u001b")
                .contains("from client 'dev\\n\\u001b[31mx'")
                .contains("'For input string: \"x\\nERROR forged\"'");
    }
}
