package dev.flinkyomo.wasm.yomo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Per-instance state behind the YoMo host functions: the observed tags, the wanted target, the
 * frame being handled and what the guest wrote for it. Outputs are bounded per call so a guest
 * writing in a loop gets an error code instead of exhausting the task's heap.
 */
final class YomoHostState {

    static final int MAX_OUTPUTS_PER_CALL = 10_000;
    static final long MAX_OUTPUT_BYTES_PER_CALL = 64L * 1024 * 1024;

    private static final byte[] NO_INPUT = new byte[0];

    private final Set<Long> observedTags = new LinkedHashSet<>();
    private String wantedTarget;
    private long inputTag;
    private byte[] input = NO_INPUT;
    private final List<YomoOutput> outputs = new ArrayList<>();
    private long outputBytes;
    /** No frame context (plain exports called from SQL): writes succeed and are dropped. */
    private final boolean discardWrites;

    YomoHostState() {
        this(false);
    }

    YomoHostState(boolean discardWrites) {
        this.discardWrites = discardWrites;
    }

    /** A state for calling plain exports: nothing reads outputs, so writes are not kept. */
    static YomoHostState discardingWrites() {
        return new YomoHostState(true);
    }

    void observe(long tag) {
        observedTags.add(tag);
    }

    Set<Long> observedTags() {
        return Collections.unmodifiableSet(observedTags);
    }

    void setWantedTarget(String target) {
        this.wantedTarget = target;
    }

    String wantedTarget() {
        return wantedTarget;
    }

    void begin(long tag, byte[] data) {
        this.inputTag = tag;
        this.input = data;
        this.outputs.clear(); // normally empty already; not if a call failed other than by a trap
        this.outputBytes = 0;
    }

    long inputTag() {
        return inputTag;
    }

    byte[] input() {
        return input;
    }

    /** Records a write; false when the per-call output budget is exhausted. */
    boolean write(YomoOutput output) {
        if (discardWrites) {
            return true;
        }
        if (outputs.size() >= MAX_OUTPUTS_PER_CALL || outputBytes + output.data().length > MAX_OUTPUT_BYTES_PER_CALL) {
            return false;
        }
        outputs.add(output);
        outputBytes += output.data().length;
        return true;
    }

    /** ABI v1: the single output of the call, replacing any earlier one. */
    void replaceOutput(YomoOutput output) {
        outputs.clear();
        outputs.add(output);
        outputBytes = output.data().length;
    }

    List<YomoOutput> drainOutputs() {
        // most functions write once or twice per frame: List.of is one small object for those
        List<YomoOutput> out;
        switch (outputs.size()) {
            case 0:
                out = List.of();
                break;
            case 1:
                out = List.of(outputs.get(0));
                break;
            case 2:
                out = List.of(outputs.get(0), outputs.get(1));
                break;
            default:
                out = List.copyOf(outputs);
        }
        outputs.clear();
        input = NO_INPUT;
        return out;
    }
}
