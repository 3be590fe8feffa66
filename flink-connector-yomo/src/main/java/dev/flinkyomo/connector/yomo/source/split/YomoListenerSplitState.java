package dev.flinkyomo.connector.yomo.source.split;

/** The mutable, checkpointed view of a {@link YomoListenerSplit} inside a reader. */
public final class YomoListenerSplitState {

    private final YomoListenerSplit split;
    private long framesEmitted;

    public YomoListenerSplitState(YomoListenerSplit split) {
        this.split = split;
        this.framesEmitted = split.framesEmitted();
    }

    public void recordEmitted() {
        framesEmitted++;
    }

    public long framesEmitted() {
        return framesEmitted;
    }

    public YomoListenerSplit toSplit() {
        return new YomoListenerSplit(split.subtaskIndex(), split.port(), framesEmitted);
    }
}
