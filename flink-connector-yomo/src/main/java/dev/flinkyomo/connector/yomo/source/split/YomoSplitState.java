package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;

/** The mutable, checkpointed view of a {@link YomoSplit} inside a reader. */
@Internal
public final class YomoSplitState {

    private final YomoSplit split;
    private long framesEmitted;

    public YomoSplitState(YomoSplit split) {
        this.split = split;
        this.framesEmitted = split.framesEmitted();
    }

    public String splitId() {
        return split.splitId();
    }

    public void recordEmitted() {
        framesEmitted++;
    }

    public long framesEmitted() {
        return framesEmitted;
    }

    public YomoSplit toSplit() {
        return split.withFramesEmitted(framesEmitted);
    }
}
