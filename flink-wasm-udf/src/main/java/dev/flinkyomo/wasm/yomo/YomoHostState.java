package dev.flinkyomo.wasm.yomo;

import dev.flinkyomo.yomo.Tag;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
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

    // In registration order, each once; an array for the per-record check (no boxing, no hashing;
    // guests observe few tags)
    private long[] observedTags = new long[0];
    private String wantedTarget;
    private long inputTag;
    private byte[] input = NO_INPUT;
    // The writes of the current call, in parallel arrays reused across calls: no object per write.
    private long[] outTags = new long[4];
    private byte[][] outData = new byte[4][];
    private String[] outTargets = new String[4];
    private int outCount;

    /** The first reserved tag written in this call, or -1 (see {@link #write}). */
    private long refusedTag = -1;

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
        if (!observes(tag)) {
            observedTags = Arrays.copyOf(observedTags, observedTags.length + 1);
            observedTags[observedTags.length - 1] = tag;
        }
    }

    boolean observes(long tag) {
        for (long t : observedTags) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    /** The observed tags in registration order (a snapshot: tags are registered at init). */
    Set<Long> observedTags() {
        Set<Long> tags = new LinkedHashSet<>();
        for (long t : observedTags) {
            tags.add(t);
        }
        return Collections.unmodifiableSet(tags);
    }

    void setWantedTarget(String target) {
        this.wantedTarget = target;
    }

    String wantedTarget() {
        return wantedTarget;
    }

    void begin(long tag, byte[] data) {
        discardOutputs(); // normally empty already; not if a call failed other than by a trap
        this.inputTag = tag;
        this.input = data;
        this.refusedTag = -1;
    }

    /** The first reserved tag the current call tried to write, or -1. */
    long refusedTag() {
        return refusedTag;
    }

    long inputTag() {
        return inputTag;
    }

    byte[] input() {
        return input;
    }

    /** Records a write; false when the per-call output budget is exhausted. */
    boolean write(long tag, byte[] data, String target) {
        if (discardWrites) {
            return true;
        }
        if (Tag.isReserved(tag)) {
            // refused per write, like a full output budget; the call then ends as a dead letter
            if (refusedTag < 0) {
                refusedTag = tag;
            }
            return false;
        }
        if (outCount >= MAX_OUTPUTS_PER_CALL
                || outputBytes + data.length > MAX_OUTPUT_BYTES_PER_CALL) {
            return false;
        }
        if (outCount == outTags.length) {
            int n = Math.min(outCount * 2, MAX_OUTPUTS_PER_CALL);
            outTags = Arrays.copyOf(outTags, n);
            outData = Arrays.copyOf(outData, n);
            outTargets = Arrays.copyOf(outTargets, n);
        }
        outTags[outCount] = tag;
        outData[outCount] = data;
        outTargets[outCount] = target;
        outCount++;
        outputBytes += data.length;
        return true;
    }

    /** ABI v1: the single output of the call, replacing any earlier one. */
    void replaceOutput(long tag, byte[] data) {
        discardOutputs();
        write(tag, data, null);
    }

    int outputCount() {
        return outCount;
    }

    /**
     * Hands the call's writes to {@code sink} in write order and forgets them (also when the sink
     * throws); returns how many there were.
     */
    int emitOutputs(YomoOutputSink sink) {
        int n = outCount;
        try {
            for (int i = 0; i < n; i++) {
                sink.accept(outTags[i], outData[i], outTargets[i]);
            }
        } finally {
            abandonCall();
        }
        return n;
    }

    /** Ends a call whose writes nobody will take (it trapped): forgets them and the input. */
    void abandonCall() {
        discardOutputs();
        input = NO_INPUT;
    }

    /**
     * Forgets the call's writes and their size against the budget, dropping the references so large
     * outputs can be collected.
     */
    private void discardOutputs() {
        for (int i = 0; i < outCount; i++) {
            outData[i] = null;
            outTargets[i] = null;
        }
        outCount = 0;
        outputBytes = 0;
    }
}
