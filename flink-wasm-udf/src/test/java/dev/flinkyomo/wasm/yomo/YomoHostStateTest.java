package dev.flinkyomo.wasm.yomo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YomoHostStateTest {

    private static YomoOutput output(int i) {
        return new YomoOutput(0x34, new byte[] {(byte) i}, null);
    }

    @Test
    void aNewFrameStartsWithoutWhatAnAbortedCallWrote() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[] {1});
        assertThat(state.write(output(1))).isTrue();
        // the call failed without draining (not a trap): the next frame must not see that write
        state.begin(0x33, new byte[] {2});
        assertThat(state.write(output(2))).isTrue();
        assertThat(state.drainOutputs()).containsExactly(output(2));
    }

    @Test
    void plainExportCallsKeepNoWritesHoweverMany() {
        YomoHostState state = YomoHostState.discardingWrites();
        for (int i = 0; i < YomoHostState.MAX_OUTPUTS_PER_CALL * 2; i++) {
            assertThat(state.write(output(i))).isTrue();
        }
        assertThat(state.drainOutputs()).isEmpty();
    }

    @Test
    void aFrameCallStillHitsItsOutputBudget() {
        YomoHostState state = new YomoHostState();
        state.begin(0x33, new byte[0]);
        for (int i = 0; i < YomoHostState.MAX_OUTPUTS_PER_CALL; i++) {
            assertThat(state.write(output(i))).isTrue();
        }
        assertThat(state.write(output(0))).isFalse();
        assertThat(state.drainOutputs()).hasSize(YomoHostState.MAX_OUTPUTS_PER_CALL);
    }
}
