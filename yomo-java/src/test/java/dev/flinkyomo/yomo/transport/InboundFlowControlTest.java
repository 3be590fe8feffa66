package dev.flinkyomo.yomo.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InboundFlowControl}: a full consumer pauses reading, the refused frame is parked, and the
 * resume delivers it first and in order; nothing is lost and nothing is delivered twice.
 */
class InboundFlowControlTest {

    private final EmbeddedChannel stream = new EmbeddedChannel();

    /** Frames the stream "received" but the reader has not decoded yet (the splitter's bytes). */
    private final ArrayDeque<Integer> undecoded = new ArrayDeque<>();

    /** What the consumer took, in order. */
    private final List<Integer> delivered = new ArrayList<>();

    private int room;
    private int pauses;
    private int finishes;
    private boolean stopped;
    private final List<Runnable> readyCallbacks = new ArrayList<>();
    private InboundFlowControl<Integer> flow;

    @BeforeEach
    void setUp() {
        flow =
                new InboundFlowControl<>(
                        stream,
                        4,
                        this::consume,
                        readyCallbacks::add,
                        () -> pauses++,
                        new InboundFlowControl.Reader() {
                            @Override
                            public void decodeAvailable() {
                                decode();
                            }

                            @Override
                            public boolean stopped() {
                                return stopped;
                            }

                            @Override
                            public void finish() {
                                finishes++;
                            }
                        });
    }

    private boolean consume(Queue<Integer> parked) {
        while (!parked.isEmpty() && room > 0) {
            delivered.add(parked.poll());
            room--;
        }
        return parked.isEmpty();
    }

    /** The stream receives frames {@code from..to-1} and the reader decodes them. */
    private void receive(int from, int to) {
        IntStream.range(from, to).forEach(undecoded::add);
        decode();
    }

    /** What the stream handler does: decode and hand over frame by frame until paused. */
    private void decode() {
        while (!flow.isPaused() && !undecoded.isEmpty()) {
            flow.park(undecoded.poll());
            flow.handOver();
        }
    }

    /** The consumer drains and signals readiness; the resume runs on the stream's event loop. */
    private void drainAndSignal(int newRoom) {
        room = newRoom;
        List<Runnable> due = new ArrayList<>(readyCallbacks);
        readyCallbacks.clear();
        due.forEach(Runnable::run);
        stream.runPendingTasks();
    }

    @Test
    void aFullConsumerPausesReadingAndParksTheRefusedFrame() {
        room = 2;
        receive(0, 5);

        assertThat(delivered).containsExactly(0, 1);
        assertThat(flow.isPaused()).isTrue();
        assertThat(stream.config().isAutoRead()).as("reading stopped").isFalse();
        assertThat(flow.parkedCount()).as("the refused frame").isEqualTo(1);
        assertThat(undecoded).as("later frames stay undecoded").containsExactly(3, 4);
        assertThat(pauses).isEqualTo(1);
        assertThat(readyCallbacks).hasSize(1);
    }

    @Test
    void resumeDeliversTheParkedFrameFirstThenDecodesTheRestInOrder() {
        room = 2;
        receive(0, 5);

        drainAndSignal(10);

        assertThat(delivered).containsExactly(0, 1, 2, 3, 4);
        assertThat(flow.isPaused()).isFalse();
        assertThat(flow.parkedCount()).isZero();
        assertThat(stream.config().isAutoRead()).as("reading restarted").isTrue();
    }

    @Test
    void aResumeWithoutRoomStaysPausedAndWaitsAgainWithoutCountingAnotherPause() {
        room = 0;
        receive(0, 3);

        drainAndSignal(0);

        assertThat(delivered).isEmpty();
        assertThat(flow.isPaused()).isTrue();
        assertThat(stream.config().isAutoRead()).isFalse();
        assertThat(readyCallbacks).as("registered again").hasSize(1);
        assertThat(pauses).isEqualTo(1);

        drainAndSignal(10);
        assertThat(delivered).containsExactly(0, 1, 2);
    }

    @Test
    void manyPausesLoseNothingAndDeliverNothingTwice() {
        room = 3;
        for (int batch = 0; batch < 20; batch++) {
            receive(batch * 50, batch * 50 + 50);
            while (flow.isPaused()) {
                drainAndSignal(3);
            }
        }

        assertThat(delivered)
                .isEqualTo(IntStream.range(0, 1000).boxed().collect(Collectors.toList()));
        assertThat(pauses).isGreaterThan(100);
    }

    @Test
    void aStreamEndingWhilePausedFinishesOnlyAfterTheParkedFramesAreDelivered() {
        room = 1;
        receive(0, 3);
        flow.streamEnded();

        assertThat(finishes).as("frames still parked").isZero();

        drainAndSignal(10);
        assertThat(delivered).containsExactly(0, 1, 2);
        assertThat(finishes).isEqualTo(1);
        assertThat(stream.config().isAutoRead()).as("an ended stream is not read again").isFalse();
    }

    @Test
    void aStreamEndingWhileNotPausedFinishesAtOnce() {
        room = 10;
        receive(0, 3);
        flow.streamEnded();

        assertThat(delivered).containsExactly(0, 1, 2);
        assertThat(finishes).isEqualTo(1);
    }

    @Test
    void aStoppedReaderDeliversWhatWasParkedButIsNotReadAgain() {
        room = 0;
        receive(0, 2);
        stopped = true;

        drainAndSignal(10);

        assertThat(delivered).containsExactly(0, 1);
        assertThat(stream.config().isAutoRead()).isFalse();
    }
}
