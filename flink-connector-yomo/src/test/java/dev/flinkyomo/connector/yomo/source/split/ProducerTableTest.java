package dev.flinkyomo.connector.yomo.source.split;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a split answers and checkpoints for producers restored here and elsewhere. */
class ProducerTableTest {

    @Test
    void aPositionRestoredElsewhereAnswersTheHandshakeAndDropsResentFramesButIsNotCheckpointed() {
        ProducerTable t = new ProducerTable(Map.of());
        t.learn(Map.of("moved", new ProducerPosition(40, 1_000)));

        assertThat(t.resumeAfter("moved")).isEqualTo(40);
        assertThat(t.advance("moved", 40, 2_000)).as("emitted by the other subtask").isFalse();
        assertThat(t.snapshot(0)).as("the subtask that restored it keeps it").isEmpty();

        assertThat(t.advance("moved", 41, 2_000)).isTrue();
        assertThat(t.snapshot(0))
                .containsExactly(Map.entry("moved", new ProducerPosition(41, 2_000)));
    }

    @Test
    void adoptedPositionsAreCheckpointedAndTheFurtherPositionWins() {
        ProducerTable t = new ProducerTable(Map.of("p", new ProducerPosition(10, 1_000)));
        t.adopt(Map.of("p", new ProducerPosition(12, 500), "q", new ProducerPosition(3, 700)));
        t.learn(Map.of("q", new ProducerPosition(8, 900)));

        assertThat(t.resumeAfter("p")).isEqualTo(12);
        assertThat(t.resumeAfter("q")).as("the further of adopted and learnt").isEqualTo(8);
        assertThat(t.snapshot(0))
                .containsOnly(
                        Map.entry("p", new ProducerPosition(12, 500)),
                        Map.entry("q", new ProducerPosition(3, 700)));
        assertThat(t.snapshot(800)).as("silent since before 800: expired").isEmpty();
        assertThat(t.resumeAfter("p")).isZero();
        assertThat(t.resumeAfter("q")).as("learnt, last seen at 900: not expired yet").isEqualTo(8);
    }
}
