package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Bounds applied while decoding untrusted bytes: no length above {@code maxPacketSize} is ever
 * believed (so hostile lengths cannot make us allocate), and nodes cannot nest deeper than {@code
 * maxDepth} (so recursion is bounded).
 */
@PublicEvolving
public final class Y3Limits implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_PACKET_SIZE = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 64;

    public static final Y3Limits DEFAULT = new Y3Limits(DEFAULT_MAX_PACKET_SIZE, DEFAULT_MAX_DEPTH);

    private final int maxPacketSize;
    private final int maxDepth;

    public Y3Limits(int maxPacketSize, int maxDepth) {
        if (maxPacketSize < 2) {
            throw new IllegalArgumentException(
                    "maxPacketSize must be at least 2, got " + maxPacketSize);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        this.maxPacketSize = maxPacketSize;
        this.maxDepth = maxDepth;
    }

    public static Y3Limits of(int maxPacketSize, int maxDepth) {
        return new Y3Limits(maxPacketSize, maxDepth);
    }

    /** Largest accepted value length in bytes (tag and length bytes not counted). */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    public int maxDepth() {
        return maxDepth;
    }

    @Override
    public String toString() {
        return "Y3Limits{maxPacketSize=" + maxPacketSize + ", maxDepth=" + maxDepth + '}';
    }
}
