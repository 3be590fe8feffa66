package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;

import java.time.Duration;

/** The mutable, checkpointed view of a {@link YomoSplit} inside a reader. */
@Internal
public final class YomoSplitState {

    private final YomoSplit split;
    private final ProducerTable producers;
    private final long producerTtlMillis;
    private long framesEmitted;

    public YomoSplitState(YomoSplit split) {
        this(split, null, Duration.ZERO);
    }

    /**
     * @param producers the live positions of the listener's acknowledging producers, or null when
     *     the listener grants no acknowledgements
     * @param producerTtl a producer silent for longer leaves the state at the next checkpoint
     */
    public YomoSplitState(YomoSplit split, ProducerTable producers, Duration producerTtl) {
        this.split = split;
        this.framesEmitted = split.framesEmitted();
        this.producers = split instanceof YomoListenerSplit ? producers : null;
        this.producerTtlMillis = producerTtl.toMillis();
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

    /** The acknowledging producers' positions, or null when the listener grants none. */
    public ProducerTable producers() {
        return producers;
    }

    public YomoSplit toSplit() {
        YomoSplit s = split.withFramesEmitted(framesEmitted);
        if (producers != null) {
            long expiredBefore = System.currentTimeMillis() - producerTtlMillis;
            return ((YomoListenerSplit) s).withProducers(producers.snapshot(expiredBefore));
        }
        return s;
    }
}
