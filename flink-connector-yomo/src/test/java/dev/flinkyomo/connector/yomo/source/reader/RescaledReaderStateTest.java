package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.ack.AcknowledgementMode;
import dev.flinkyomo.connector.yomo.source.ack.PositionsAtRestore;
import dev.flinkyomo.connector.yomo.source.ack.RestoredPositions;
import dev.flinkyomo.connector.yomo.source.split.ProducerPosition;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.yomo.transport.TlsOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real reader of an acknowledging listener source, handed the restored splits Flink gives a
 * subtask after a rescale: what it reports, serves and checkpoints.
 */
class RescaledReaderStateTest {

    private static final ProducerPosition A = new ProducerPosition(40, System.currentTimeMillis());
    private static final ProducerPosition B = new ProducerPosition(7, System.currentTimeMillis());

    @Test
    void aReaderWithoutItsOwnSplitKeepsTheRestoredOnesInItsStateUntilItsOwnArrives()
            throws Exception {
        Context context = new Context(1);
        try (SourceReader<String, YomoSplit> reader = source().createReader(context)) {
            // Flink handed subtask 1 the state of listener-2 (parallelism 3 -> 2), not listener-1
            YomoListenerSplit restored = new YomoListenerSplit(2, 0, 5, Map.of("a", A, "b", B));
            reader.addSplits(List.of(restored));
            reader.start();

            assertThat(context.events)
                    .containsExactly(new RestoredPositions(Map.of("a", A, "b", B)));
            assertThat(reader.snapshotState(1))
                    .as("no split of its own yet: the restored one stays in the state")
                    .containsExactly(restored);

            reader.handleSourceEvents(new PositionsAtRestore(Map.of("a", A, "b", B)));
            reader.addSplits(List.of(new YomoListenerSplit(1, 0, 0))); // from the enumerator
            assertThat(reader.snapshotState(2))
                    .as("its own split now holds the positions; listener-2 is gone")
                    .containsExactly(new YomoListenerSplit(1, 0, 0, Map.of("a", A, "b", B)));
        }
    }

    @Test
    void aReaderServesItsOwnSplitOnceAndAdoptsTheOthers() throws Exception {
        Context context = new Context(0);
        try (SourceReader<String, YomoSplit> reader = source().createReader(context)) {
            // parallelism 2 -> 1: subtask 0 gets both splits
            reader.addSplits(
                    List.of(
                            new YomoListenerSplit(0, 0, 3, Map.of("a", A)),
                            new YomoListenerSplit(1, 0, 4, Map.of("b", B))));
            reader.start();
            reader.handleSourceEvents(new PositionsAtRestore(Map.of("a", A, "b", B)));
            // the enumerator assigns listener-0 at registration as well: a copy, dropped
            reader.addSplits(List.of(new YomoListenerSplit(0, 0, 0)));

            assertThat(reader.snapshotState(1))
                    .containsExactly(new YomoListenerSplit(0, 0, 3, Map.of("a", A, "b", B)));
        }
    }

    private static YomoSource<String> source() {
        return YomoSource.listener()
                .setPayloadDeserializer(new SimpleStringSchema())
                .setListenerName("rescaled-reader")
                .setHost("127.0.0.1")
                .setPort(0)
                .setTls(TlsOptions.INSECURE_DEFAULT)
                .setUdpBufferSize(0)
                .setAcknowledgements(AcknowledgementMode.ON_CHECKPOINT)
                .build();
    }

    /** Flink's side of one reader: its subtask index and the events it sent. */
    private static final class Context implements SourceReaderContext {
        final List<SourceEvent> events = new CopyOnWriteArrayList<>();
        private final int subtask;

        Context(int subtask) {
            this.subtask = subtask;
        }

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return subtask;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent event) {
            events.add(event);
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}
