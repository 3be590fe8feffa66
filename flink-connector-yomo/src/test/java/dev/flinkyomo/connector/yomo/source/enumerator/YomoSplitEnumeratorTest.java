package dev.flinkyomo.connector.yomo.source.enumerator;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;

import dev.flinkyomo.connector.yomo.source.ack.PositionsAtRestore;
import dev.flinkyomo.connector.yomo.source.ack.RestoredPositions;
import dev.flinkyomo.connector.yomo.source.split.ProducerPosition;
import dev.flinkyomo.connector.yomo.source.split.YomoConnectSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover as Flink's SourceCoordinator drives it: a failed subtask's splits come back through
 * {@code addSplitsBack} and the subtask registers again; after a global restore the enumerator
 * starts from its checkpointed state while readers restore their own splits; after a rescale the
 * readers' restored positions are merged and handed to all of them.
 */
class YomoSplitEnumeratorTest {

    private static final int PARALLELISM = 2;
    private static final int BASE_PORT = 19_000;

    // ------------------------------------------------------------------ listen mode

    @Test
    void listenModeGivesASubtaskItsPortAtEveryRegistration() throws Exception {
        try (MockSplitEnumeratorContext<YomoSplit> ctx =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e = started(ctx, SplitPlan.listen(BASE_PORT), Set.of());
            register(ctx, e, 0);
            register(ctx, e, 1);
            register(ctx, e, 1); // the reader drops the copy of a split it holds

            assertThat(assigned(ctx))
                    .containsExactly(
                            Map.entry(0, listener(0)),
                            Map.entry(1, listener(1)),
                            Map.entry(1, listener(1)));
            assertThat(e.snapshotState(1).assignedSubtasks()).containsExactlyInAnyOrder(0, 1);
        }
    }

    @Test
    void listenModeReassignsTheSplitAFailedReaderHandedBack() throws Exception {
        try (MockSplitEnumeratorContext<YomoSplit> ctx =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e = started(ctx, SplitPlan.listen(BASE_PORT), Set.of());
            register(ctx, e, 0);
            register(ctx, e, 1);

            fail(ctx, e, 1, listener(1));
            assertThat(e.snapshotState(2).assignedSubtasks())
                    .as("a checkpoint while subtask 1 is down does not count its split as assigned")
                    .containsExactly(0);
            register(ctx, e, 1);

            assertThat(assigned(ctx))
                    .containsExactly(
                            Map.entry(0, listener(0)),
                            Map.entry(1, listener(1)),
                            Map.entry(1, listener(1)));
            assertThat(e.snapshotState(3).assignedSubtasks()).containsExactlyInAnyOrder(0, 1);
        }
    }

    @Test
    void listenModeRestoredWithAnotherParallelismGivesEveryReaderItsOwnSplit() throws Exception {
        // checkpointed at parallelism 3: all three subtasks held their split
        YomoEnumeratorState checkpoint = roundTrip(new YomoEnumeratorState(Set.of(0, 1, 2)));

        try (MockSplitEnumeratorContext<YomoSplit> ctx =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e =
                    started(ctx, SplitPlan.listen(BASE_PORT), checkpoint.assignedSubtasks());
            register(ctx, e, 0);
            register(ctx, e, 1);
            assertThat(assigned(ctx))
                    .as(
                            "Flink may have handed listener-1's state to subtask 0: subtask 1"
                                    + " still gets listener-1")
                    .containsExactly(Map.entry(0, listener(0)), Map.entry(1, listener(1)));
        }
    }

    // ------------------------------------------------------------------ restored positions

    @Test
    void restoredPositionsGoToEveryReaderOnceAllReported() throws Exception {
        try (MockSplitEnumeratorContext<YomoSplit> ctx =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e = started(ctx, SplitPlan.listen(BASE_PORT), Set.of());
            register(ctx, e, 0);
            register(ctx, e, 1);

            e.handleSourceEvent(1, new RestoredPositions(Map.of("a", at(5, 100), "b", at(9, 100))));
            assertThat(ctx.getSentSourceEvent())
                    .as("subtask 0 has not reported: the positions are incomplete")
                    .isEmpty();
            e.handleSourceEvent(0, new RestoredPositions(Map.of("a", at(7, 50), "b", at(3, 200))));

            PositionsAtRestore merged =
                    new PositionsAtRestore(Map.of("a", at(7, 50), "b", at(9, 100)));
            assertThat(ctx.getSentSourceEvent())
                    .containsOnly(Map.entry(0, List.of(merged)), Map.entry(1, List.of(merged)));

            // subtask 1 restarts after a failure and reports again: answered at once, alone
            e.handleSourceEvent(1, new RestoredPositions(Map.of("c", at(1, 300))));
            assertThat(ctx.getSentSourceEvent().get(1))
                    .last()
                    .isEqualTo(
                            new PositionsAtRestore(
                                    Map.of("a", at(7, 50), "b", at(9, 100), "c", at(1, 300))));
            assertThat(ctx.getSentSourceEvent().get(0)).hasSize(1);
        }
    }

    private static ProducerPosition at(long sequence, long lastSeenMillis) {
        return new ProducerPosition(sequence, lastSeenMillis);
    }

    @Test
    void ephemeralListenPortsAreReassignedAsEphemeral() throws Exception {
        try (MockSplitEnumeratorContext<YomoSplit> ctx =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e = started(ctx, SplitPlan.listen(0), Set.of());
            register(ctx, e, 1);
            fail(ctx, e, 1, new YomoListenerSplit(1, 0, 0));
            register(ctx, e, 1);
            assertThat(assigned(ctx))
                    .extracting(Map.Entry::getValue)
                    .containsExactly(
                            new YomoListenerSplit(1, 0, 0), new YomoListenerSplit(1, 0, 0));
        }
    }

    // ------------------------------------------------------------------ connect mode

    @Test
    void connectModeReassignsTheConnectionAndKeepsExtraSubtasksFinished() throws Exception {
        try (MockSplitEnumeratorContext<YomoSplit> ctx =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e = started(ctx, SplitPlan.connect(1), Set.of());
            register(ctx, e, 0);
            register(ctx, e, 1);
            assertThat(ctx.hasNoMoreSplits(1)).as("subtask 1 has no connection to serve").isTrue();
            assertThat(ctx.hasNoMoreSplits(0)).as("the connecting subtask is unbounded").isFalse();

            fail(ctx, e, 0, new YomoConnectSplit(0, 0));
            register(ctx, e, 0);

            assertThat(assigned(ctx))
                    .containsExactly(
                            Map.entry(0, new YomoConnectSplit(0, 0)),
                            Map.entry(0, new YomoConnectSplit(0, 0)));
            assertThat(e.snapshotState(1).assignedSubtasks()).containsExactly(0);
        }
    }

    @Test
    void connectModeRestoredFromACheckpointDialsNoSecondConnection() throws Exception {
        YomoEnumeratorState checkpoint;
        try (MockSplitEnumeratorContext<YomoSplit> before =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e = started(before, SplitPlan.connect(1), Set.of());
            register(before, e, 0);
            register(before, e, 1);
            checkpoint = roundTrip(e.snapshotState(3));
        }
        assertThat(checkpoint.assignedSubtasks()).containsExactly(0);

        try (MockSplitEnumeratorContext<YomoSplit> ctx =
                new MockSplitEnumeratorContext<>(PARALLELISM)) {
            YomoSplitEnumerator e =
                    started(ctx, SplitPlan.connect(1), checkpoint.assignedSubtasks());
            register(ctx, e, 0);
            register(ctx, e, 1);
            assertThat(assigned(ctx))
                    .as("subtask 0 restores its connection split itself")
                    .isEmpty();
            assertThat(ctx.hasNoMoreSplits(1)).isTrue();

            fail(ctx, e, 0, new YomoConnectSplit(0, 0));
            register(ctx, e, 0);
            assertThat(assigned(ctx)).containsExactly(Map.entry(0, new YomoConnectSplit(0, 0)));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static YomoSplitEnumerator started(
            MockSplitEnumeratorContext<YomoSplit> ctx, SplitPlan plan, Set<Integer> restored) {
        YomoSplitEnumerator e =
                new YomoSplitEnumerator(ctx, plan, new YomoEnumeratorState(restored));
        e.start();
        return e;
    }

    private static void register(
            MockSplitEnumeratorContext<YomoSplit> ctx, YomoSplitEnumerator e, int subtask) {
        ctx.registerReader(new ReaderInfo(subtask, "host-" + subtask));
        e.addReader(subtask);
    }

    /**
     * What the SourceCoordinator does when a subtask fails: unregister it and hand its splits back.
     */
    private static void fail(
            MockSplitEnumeratorContext<YomoSplit> ctx,
            YomoSplitEnumerator e,
            int subtask,
            YomoSplit split) {
        ctx.unregisterReader(subtask);
        e.addSplitsBack(List.of(split), subtask);
    }

    /** Every (subtask, split) assignment so far, in order. */
    private static List<Map.Entry<Integer, YomoSplit>> assigned(
            MockSplitEnumeratorContext<YomoSplit> ctx) {
        return ctx.getSplitsAssignmentSequence().stream()
                .map(SplitsAssignment::assignment)
                .flatMap(
                        a ->
                                a.entrySet().stream()
                                        .flatMap(
                                                en ->
                                                        en.getValue().stream()
                                                                .map(
                                                                        s ->
                                                                                Map.entry(
                                                                                        en.getKey(),
                                                                                        s))))
                .collect(Collectors.toList());
    }

    private static YomoListenerSplit listener(int subtask) {
        return new YomoListenerSplit(subtask, BASE_PORT + subtask, 0);
    }

    private static YomoEnumeratorState roundTrip(YomoEnumeratorState state) throws IOException {
        YomoEnumeratorStateSerializer s = YomoEnumeratorStateSerializer.INSTANCE;
        return s.deserialize(s.getVersion(), s.serialize(state));
    }
}
