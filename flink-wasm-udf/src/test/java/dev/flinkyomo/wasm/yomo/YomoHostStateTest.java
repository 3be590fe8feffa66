package dev.flinkyomo.wasm.yomo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YomoHostStateTest {

    private static YomoOutput output(int i) {
        return new YomoOutput(0x34, new byte[] {(byte) i}, null);
    }

    private static boolean write(YomoHostState state, YomoOutput o) {
        return state.write(o.tag(), o.data(), o.target());
    }

    private static List<YomoOutput> emit(YomoHostState state) {
        List<YomoOutput> out = new ArrayList<>();
        int n =
                state.emitOutputs(
                        (tag, data, target) -> out.add(new YomoOutput(tag, data, target)));
        assertThat(n).isEqualTo(out.size());
        return out;
    }

    @Test
    void observedTagsAreKeptInRegistrationOrderOnceEach() {
        YomoHostState state = new YomoHostState();
        assertThat(state.observes(0x33)).isFalse();
        state.observe(0x33);
        state.observe(0xFFFF_FFFFL);
        state.observe(0x33);
        assertThat(state.observedTags()).containsExactly(0x33L, 0xFFFF_FFFFL);
        assertThat(state.observes(0x33)).isTrue();
        assertThat(state.observes(0xFFFF_FFFFL)).isTrue();
        assertThat(state.observes(0x34)).isFalse();
        assertThat(state.observes(-1)).isFalse(); // tags are uint32: -1 is not 0xFFFFFFFF
    }

    @Test
    void aNewFrameStartsWithoutWhatAnAbortedCallWrote() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[] {1});
        assertThat(write(state, output(1))).isTrue();
        // the call failed without emitting (not a trap): the next frame must not see that write
        state.begin(0x33, new byte[] {2});
        assertThat(state.input()).containsExactly(2);
        assertThat(write(state, output(2))).isTrue();
        assertThat(emit(state)).containsExactly(output(2));
    }

    @Test
    void writesAreEmittedInOrderWithTheirTargetsAndThenForgotten() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[] {9});
        List<YomoOutput> written = new ArrayList<>();
        for (int i = 0; i < 11; i++) { // past the initial capacity of the reused arrays
            YomoOutput o =
                    new YomoOutput(
                            0x40 + i, new byte[] {(byte) i}, i % 3 == 0 ? "target-" + i : null);
            written.add(o);
            assertThat(write(state, o)).isTrue();
        }
        assertThat(emit(state)).containsExactlyElementsOf(written);
        assertThat(state.outputCount()).isZero();
        assertThat(state.input()).isEmpty();
        assertThat(emit(state)).isEmpty();
    }

    @Test
    void aThrowingSinkStillLeavesTheStateClean() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[0]);
        write(state, output(1));
        write(state, output(2));
        assertThatThrownBy(
                        () ->
                                state.emitOutputs(
                                        (tag, data, target) -> {
                                            throw new IllegalStateException("downstream failed");
                                        }))
                .hasMessage("downstream failed");
        assertThat(state.outputCount()).isZero();
    }

    @Test
    void anAbandonedCallDeliversNothing() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[] {1});
        write(state, output(1));
        state.abandonCall();
        assertThat(emit(state)).isEmpty();
    }

    @Test
    void plainExportCallsKeepNoWritesHoweverMany() {
        YomoHostState state = YomoHostState.discardingWrites();
        for (int i = 0; i < YomoHostState.MAX_OUTPUTS_PER_CALL * 2; i++) {
            assertThat(write(state, output(i))).isTrue();
        }
        assertThat(emit(state)).isEmpty();
    }

    @Test
    void aFrameCallStillHitsItsOutputBudget() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[0]);
        for (int i = 0; i < YomoHostState.MAX_OUTPUTS_PER_CALL; i++) {
            assertThat(write(state, output(i))).isTrue();
        }
        assertThat(write(state, output(0))).isFalse();
        assertThat(emit(state)).hasSize(YomoHostState.MAX_OUTPUTS_PER_CALL);
    }

    @Test
    void anAbiV1DumpReplacesTheEarlierOutput() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[] {5});
        state.replaceOutput(0x34, new byte[] {1});
        state.replaceOutput(0x35, new byte[] {2});
        assertThat(state.input()).containsExactly(5); // a v1 guest may still load its input
        assertThat(emit(state)).containsExactly(new YomoOutput(0x35, new byte[] {2}, null));
    }

    @Test
    void anAbiV1DumpCountsOnlyTheOutputItKeepsAgainstTheBudget() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[0]);
        // each dump replaces the last: three of 30 MiB stay within the 64 MiB per-call budget
        byte[] big = new byte[30 * 1024 * 1024];
        state.replaceOutput(0x34, big);
        state.replaceOutput(0x35, big);
        state.replaceOutput(0x36, big);
        List<YomoOutput> out = emit(state);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).tag()).isEqualTo(0x36);
    }
}
