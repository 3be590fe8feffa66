package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;

import java.util.Map;
import java.util.Objects;

/**
 * One QUIC listener, owned by one source subtask. Devices connect to whichever listener they dial,
 * so the split is "a port to serve"; after failover the same subtask gets the same split and binds
 * the same port again. Restored from a savepoint into a job whose port changed, it binds the new
 * port (the configuration wins over the state; see {@link #port()}).
 */
@Internal
public final class YomoListenerSplit implements YomoSplit {

    private static final String PREFIX = "listener-";

    private final int subtaskIndex;
    // made once: the emitter asks for it per record (a string concatenation per frame in
    // LatencyBenchmark's allocation profile)
    private final String splitId;
    private final int port;
    private final long framesEmitted;
    private final Map<String, ProducerPosition> producers;

    public YomoListenerSplit(int subtaskIndex, int port, long framesEmitted) {
        this(subtaskIndex, port, framesEmitted, Map.of());
    }

    /**
     * @param producers the positions of the producers that use the acknowledgement extension
     *     (yomo-java/ACKS.md), as of the checkpoint that took this split
     */
    public YomoListenerSplit(
            int subtaskIndex,
            int port,
            long framesEmitted,
            Map<String, ProducerPosition> producers) {
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException(
                    "subtask index must not be negative: " + subtaskIndex);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.subtaskIndex = subtaskIndex;
        this.splitId = splitIdOf(subtaskIndex);
        this.port = port;
        this.framesEmitted = framesEmitted;
        this.producers = Map.copyOf(producers);
    }

    /**
     * The port subtask {@code subtaskIndex} listens on when the source is configured with {@code
     * basePort}: {@code basePort + subtaskIndex}, or 0 (ephemeral) for a base port of 0.
     */
    public static int portFor(int basePort, int subtaskIndex) {
        return basePort == 0 ? 0 : basePort + subtaskIndex;
    }

    public static String splitIdOf(int subtaskIndex) {
        return PREFIX + subtaskIndex;
    }

    @Override
    public String splitId() {
        return splitId;
    }

    @Override
    public int subtaskIndex() {
        return subtaskIndex;
    }

    /**
     * The port this split was planned with; 0 = an ephemeral port (see YomoListenerRegistry and the
     * boundPort gauge). A restored split carries the port of the job version that checkpointed it:
     * the reader binds the port of the current configuration instead ({@link #portFor}).
     */
    public int port() {
        return port;
    }

    @Override
    public long framesEmitted() {
        return framesEmitted;
    }

    /** Producer id to position, for acknowledging producers only; empty without them. */
    public Map<String, ProducerPosition> producers() {
        return producers;
    }

    @Override
    public YomoListenerSplit withFramesEmitted(long frames) {
        return new YomoListenerSplit(subtaskIndex, port, frames, producers);
    }

    public YomoListenerSplit withProducers(Map<String, ProducerPosition> positions) {
        return new YomoListenerSplit(subtaskIndex, port, framesEmitted, positions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YomoListenerSplit s
                && subtaskIndex == s.subtaskIndex
                && port == s.port
                && framesEmitted == s.framesEmitted
                && producers.equals(s.producers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtaskIndex, port, framesEmitted, producers);
    }

    @Override
    public String toString() {
        return "YomoListenerSplit{"
                + splitId()
                + ", port="
                + port
                + ", framesEmitted="
                + framesEmitted
                + ", producers="
                + producers.size()
                + '}';
    }
}
